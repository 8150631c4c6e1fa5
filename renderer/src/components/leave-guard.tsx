import { AlertDialog } from 'radix-ui';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { hasUnsaved, useUnsaved } from '../stores/unsaved-store.js';

/**
 * Asks before leaving a page with unsaved edits: in-app links (sidebar, back links, Cancel), and a
 * reload or window close (the browser's own prompt). Forms register themselves in the unsaved store.
 *
 * The app uses `BrowserRouter`, whose navigation cannot be blocked, so in-app links are caught where
 * they are clicked (capture phase) instead.
 */
export function LeaveGuard() {
  const navigate = useNavigate();
  const [target, setTarget] = useState<string>();

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.origin !== window.location.origin) return;
      const next = `${link.pathname}${link.search}`;
      if (next === `${window.location.pathname}${window.location.search}` || !hasUnsaved()) return;
      event.preventDefault();
      event.stopPropagation();
      setTarget(next);
    };
    const onUnload = (event: BeforeUnloadEvent) => {
      if (!hasUnsaved()) return;
      event.preventDefault();
    };
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, []);

  return (
    <AlertDialog.Root open={target !== undefined} onOpenChange={(open) => !open && setTarget(undefined)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title>Leave without saving?</AlertDialog.Title>
          <AlertDialog.Description className="subtle">
            This page has changes that are not saved. Leaving discards them (a secret you typed is not kept anywhere).
          </AlertDialog.Description>
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">Stay on this page</AlertDialog.Cancel>
            <AlertDialog.Action
              className="button danger"
              onClick={() => {
                const to = target;
                useUnsaved.getState().clear();
                setTarget(undefined);
                if (to) void navigate(to);
              }}
            >
              Leave and discard
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
