import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * Moves keyboard focus to the page after an in-app navigation, as a full page load would.
 *
 * Without it, focus stays on the link that was clicked (or falls to <body> when that link unmounted),
 * and a keyboard or screen-reader user has to find the new page by hand. A page that focuses something
 * itself (the create form's first field) keeps that focus.
 */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById('main');
    if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}
