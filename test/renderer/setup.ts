import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

/**
 * jsdom set-up for renderer tests: unmount after each test (vitest runs without globals, so Testing
 * Library cannot register its own cleanup), and the few browser APIs jsdom lacks that the UI's
 * libraries touch: ResizeObserver (the virtualiser), pointer capture and scrollIntoView (Radix).
 */
afterEach(() => cleanup());

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};
