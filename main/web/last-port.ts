import { z } from 'zod';
import type { AppCore } from '../core/app-core.js';

const browserModeDocSchema = z.object({ lastPort: z.number().int().min(1).max(65535).optional() });

export interface LastPort {
  get(): number | undefined;
  set(port: number): void;
}

/** Browser mode's port of the last launch, kept in `<data dir>/browser-mode.json` so a restart keeps it when free. */
export function lastPortStore(core: Pick<AppCore, 'openStore'>): LastPort {
  const store = core.openStore('browser-mode', browserModeDocSchema, {});
  return {
    get: () => store.get().lastPort,
    set: (port) => {
      if (store.get().lastPort !== port) store.set({ ...store.get(), lastPort: port });
    },
  };
}
