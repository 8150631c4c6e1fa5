import { useEffect } from 'react';
import { create } from 'zustand';

/** One form with edits not saved yet; `integrationId` + `credentials` lets Verify wait for them. */
export interface UnsavedForm {
  integrationId?: string;
  /** The edits include credentials (Client ID, Client Secret). */
  credentials: boolean;
}

interface UnsavedState {
  forms: Record<string, UnsavedForm>;
  set(key: string, form: UnsavedForm | undefined): void;
  clear(): void;
}

/** Forms with unsaved edits, so leaving the page can ask first and Verify can wait for a save. */
export const useUnsaved = create<UnsavedState>((set) => ({
  forms: {},
  set: (key, form) =>
    set((s) => {
      if (!form && !(key in s.forms)) return s;
      const forms = { ...s.forms };
      if (form) forms[key] = form;
      else delete forms[key];
      return { forms };
    }),
  clear: () => set({ forms: {} }),
}));

/** Registers a form's unsaved state while it is mounted. */
export function useUnsavedForm(key: string, dirty: boolean, form: UnsavedForm): void {
  const { integrationId, credentials } = form;
  useEffect(() => {
    useUnsaved.getState().set(key, dirty ? { integrationId, credentials } : undefined);
  }, [key, dirty, integrationId, credentials]);
  useEffect(() => () => useUnsaved.getState().set(key, undefined), [key]);
}

/** Whether an integration's credentials have unsaved edits (Verify would check the saved ones). */
export const useUnsavedCredentials = (integrationId: string): boolean =>
  useUnsaved((s) => Object.values(s.forms).some((f) => f.integrationId === integrationId && f.credentials));

export const hasUnsaved = (): boolean => Object.keys(useUnsaved.getState().forms).length > 0;
