import { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';
import { savedWindowSchema, type SavedWindow } from './window-bounds.js';

/** The `desktop` store: window placement and the one-time hints, nothing secret. */
export const desktopDocSchema = z.object({
  window: savedWindowSchema.optional(),
  closeHintShown: z.boolean(),
});
export type DesktopDoc = z.infer<typeof desktopDocSchema>;

export const defaultDesktopDoc = (): DesktopDoc => ({ closeHintShown: false });

export interface DesktopState {
  window(): SavedWindow | undefined;
  saveWindow(window: SavedWindow): void;
  closeHint: { shown(): boolean; markShown(): void };
}

/**
 * The desktop shell's memory between launches, on one small JSON store.
 *
 * Open the store with `openJsonStore({ name: 'desktop', schema: desktopDocSchema, defaults:
 * defaultDesktopDoc(), version: 1, … })`: the same crash-safe store as the rest of the profile.
 */
export function createDesktopState(store: DocStore<DesktopDoc>): DesktopState {
  return {
    window: () => store.get().window,
    saveWindow(window) {
      const current = store.get().window;
      const same = current && (['x', 'y', 'width', 'height', 'maximized'] as const).every((k) => current[k] === window[k]);
      if (same) return;
      store.update((doc) => ({ ...doc, window }));
    },
    closeHint: {
      shown: () => store.get().closeHintShown,
      markShown() {
        if (!store.get().closeHintShown) store.update((doc) => ({ ...doc, closeHintShown: true }));
      },
    },
  };
}
