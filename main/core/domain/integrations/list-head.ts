import fs from 'node:fs';
import { z } from 'zod';
import { compareNames } from '../../../../preload/contract/name-order.js';
import { listFiguresSchema, type ListFigures } from '../../connections/connection-summaries.js';
import { deferWrites, type Schedule } from '../../storage/deferred-write.js';
import { pathStamp, quietStamp } from '../../storage/file-stamp.js';
import type { DocStore } from '../doc-store.js';
import { integrationRecordSchema, type IntegrationRecord } from './integration-record.js';

/** How many rows the window gets first: more than a window shows, so it can scroll before the rest arrives. */
export const LIST_HEAD_SIZE = 100;

/**
 * The stored head of the integrations list (`integrations-head.json`): the first rows by name with
 * their connection figures, and how many integrations there are. `integrations` and `connections` are
 * the stamps (`file-stamp.ts`) of the integrations document and of the connections folder when it was
 * written; it is trusted only while both still have them.
 */
export const listHeadDocSchema = z.object({
  integrations: z.string().optional(),
  connections: z.string().optional(),
  total: z.number().int().min(0),
  rows: z.array(z.object({ record: integrationRecordSchema, figures: listFiguresSchema })),
});
export type ListHeadDoc = z.infer<typeof listHeadDocSchema>;
/** What a profile with no integrations file and no connections folder has: nothing to save at quit. */
export const emptyListHeadDoc = (): ListHeadDoc => ({ integrations: 'none', connections: 'none', total: 0, rows: [] });

export interface HeadRow {
  record: IntegrationRecord;
  figures: ListFigures;
}

export interface ListHeadDeps {
  /** The head's own document (opened lazily: it is read when the window first asks for rows). */
  store: DocStore<ListHeadDoc>;
  /** `<dataDir>/integrations.json`. */
  integrationsFile: string;
  /** `<dataDir>/connections`. */
  connectionsFolder: string;
  /** The integrations and their figures now (reads the integrations document if it was not read yet). */
  current(): { records: readonly IntegrationRecord[]; figures(id: string): ListFigures };
  now?(): number;
  /** Default: an unref'd timer. */
  schedule?: Schedule;
}

/** Changes closer together than this are saved once; the head is also saved at quit. */
const SAVE_DELAY_MS = 30_000;

/**
 * The first `n` records by name (the window's default order), in one pass: a full sort of 10,000 names
 * with a collator is ~100 ms.
 */
export function firstByName(records: readonly IntegrationRecord[], n: number): IntegrationRecord[] {
  const top: IntegrationRecord[] = [];
  if (n <= 0) return top;
  for (const record of records) {
    if (top.length === n && compareNames(record.name, top[n - 1]!.name) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareNames(top[mid]!.name, record.name) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, record);
    if (top.length > n) top.pop();
  }
  return top;
}

/**
 * The first rows of the integrations list without reading the integrations (issue 15).
 *
 * At 10,000 integrations the integrations document is 3.5 MB: reading, parsing and checking it took
 * ≈ 35 ms, every start, before the window could show a row, and the list's connection figures another
 * 20 ms. The window's first rows are the first ones by name, so they are kept here, with the total,
 * and the window asks for the whole list right after them (`integrations-store.ts`).
 *
 * Like the connection summaries it is not a durable write of its own: it is saved 30 s after a change
 * and at quit, stamped with the integrations document's and the connections folder's stamps, and
 * trusted only while both still have them. Anything written since (by the app before a crash, by
 * another program, a restore) makes it stale, and the first rows then come from the whole list:
 * slower, never wrong. The offering's name and the Callback URL are not stored; the rows get them from
 * the live offerings and settings.
 */
export function createListHead(deps: ListHeadDeps) {
  const now = deps.now ?? Date.now;
  const stamps = () => ({
    // 'none' only when the backup is gone too: a lone backup is restored at the document's first read.
    integrations: pathStamp(deps.integrationsFile)?.stamp ?? (fs.existsSync(`${deps.integrationsFile}.bak`) ? 'backup only' : 'none'),
    connections: pathStamp(deps.connectionsFolder)?.stamp ?? 'none',
  });

  /** Saves the head if it is stale; false when a file changed too recently to be stamped. */
  const save = (): boolean => {
    const stored = deps.store.get();
    const before = stamps();
    if (stored.integrations === before.integrations && stored.connections === before.connections) return true;
    const { records, figures } = deps.current();
    const rows = firstByName(records, LIST_HEAD_SIZE).map((record) => ({ record, figures: figures(record.id) }));
    // Stamped after the rows were taken, in the same synchronous step: what they say is what is on disk.
    const integrations = quietStamp(deps.integrationsFile, now());
    const connections = quietStamp(deps.connectionsFolder, now());
    if (integrations === undefined || connections === undefined) return false;
    // The file was removed under the app: there is nothing on disk these rows could be stamped as.
    if (integrations === 'none' && records.length > 0) return true;
    deps.store.update(() => ({ integrations, connections, total: records.length, rows }));
    return true;
  };

  const writes = deferWrites(save, { delayMs: SAVE_DELAY_MS, schedule: deps.schedule });

  return {
    /** The stored first rows and the total, if they are still true of what they summarise. */
    read(): { rows: readonly HeadRow[]; total: number } | undefined {
      let stored: ListHeadDoc;
      try {
        stored = deps.store.get();
      } catch {
        return undefined; // Unreadable (a newer app's format): the rows come from the whole list.
      }
      const now = stamps();
      if (stored.integrations !== now.integrations || stored.connections !== now.connections) return undefined;
      return stored;
    },

    /** An integration or a connection changed: the head is saved a little later. */
    changed: (): void => writes.changed(),

    /** Closing: saves the head if it is stale, waiting (briefly) for the files to be quiet enough to stamp. */
    dispose: (): Promise<void> => writes.dispose(),
  };
}

export type ListHead = ReturnType<typeof createListHead>;
