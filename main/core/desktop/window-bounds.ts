import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const savedWindowSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

/** The window's normal (unmaximised) bounds and whether it was maximised. */
export type SavedWindow = z.infer<typeof savedWindowSchema>;

export interface WindowSize {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export interface InitialWindow {
  /** `x`/`y` absent: let the OS centre the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

/** How much of the window must be on a screen for its saved position to be reused (enough to grab it). */
const MIN_VISIBLE = 64;

/**
 * Where the window opens: where it was last time, if that is still on a screen.
 *
 * A display may have been unplugged or rearranged since; a window restored off-screen cannot be moved
 * back with the mouse, so then only the size is kept and the OS centres it. The size is capped to the
 * largest screen and never below the window's minimum.
 */
export function initialWindow(saved: SavedWindow | undefined, workAreas: readonly Rect[], size: WindowSize): InitialWindow {
  if (!saved) return { bounds: { width: size.width, height: size.height }, maximized: false };
  const maxWidth = Math.max(size.minWidth, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(size.minHeight, ...workAreas.map((a) => a.height));
  const width = clamp(saved.width, size.minWidth, maxWidth);
  const height = clamp(saved.height, size.minHeight, maxHeight);
  const placed = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => {
    const overlap = intersection(placed, area);
    return overlap.width >= MIN_VISIBLE && overlap.height >= MIN_VISIBLE;
  });
  return { bounds: visible ? placed : { width, height }, maximized: saved.maximized };
}

export interface BoundsKeeperDeps {
  save(window: SavedWindow): void;
  /** Runs `fn` after `ms` (a timer in the app, by hand in tests); returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
  delayMs?: number;
}

export interface BoundsKeeper {
  /** The window moved, resized, maximised or unmaximised. */
  changed(window: SavedWindow): void;
  /** Saves now (the window is closing or the app quits). */
  flush(): void;
}

/**
 * Remembers the window's size and position without writing on every pixel of a drag.
 *
 * Move and resize events arrive many times a second on Linux; each store write is an atomic file
 * replacement with fsync. Changes are saved once they settle, and at once when the window closes.
 */
export function createBoundsKeeper(deps: BoundsKeeperDeps): BoundsKeeper {
  const delay = deps.delayMs ?? 500;
  let pending: SavedWindow | undefined;
  let cancel: (() => void) | undefined;
  const flush = (): void => {
    cancel?.();
    cancel = undefined;
    if (!pending) return;
    const next = pending;
    pending = undefined;
    deps.save(next);
  };
  return {
    changed(window) {
      pending = normalise(window);
      cancel?.();
      cancel = deps.schedule(flush, delay);
    },
    flush,
  };
}

const normalise = (w: SavedWindow): SavedWindow => ({
  x: Math.round(w.x),
  y: Math.round(w.y),
  width: Math.max(1, Math.round(w.width)),
  height: Math.max(1, Math.round(w.height)),
  maximized: w.maximized,
});

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}
