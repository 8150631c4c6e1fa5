import { z } from 'zod';
import type { UiPreferences } from '../../../../preload/contract/preferences-channels.js';
import type { DocStore } from '../doc-store.js';

export const uiPreferencesSchema = z.object({ dismissedNotices: z.array(z.string()).max(100) });
export const defaultUiPreferences = (): UiPreferences => ({ dismissedNotices: [] });

/**
 * The window's remembered choices (`preferences.json`), stored like the rest of the data so that a
 * notice dismissed in browser mode stays dismissed in the desktop app and after a restart (a browser's
 * local storage would not: browser mode's address changes with every launch).
 */
export function createUiPreferences(store: DocStore<UiPreferences>) {
  return {
    get: (): UiPreferences => store.get(),
    dismissNotice(notice: string): UiPreferences {
      if (store.get().dismissedNotices.includes(notice)) return store.get();
      return store.update((doc) => ({ dismissedNotices: [...doc.dismissedNotices, notice].slice(-100) }));
    },
  };
}

export type UiPreferencesService = ReturnType<typeof createUiPreferences>;
