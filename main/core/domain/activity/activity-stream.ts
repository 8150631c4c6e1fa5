import type { z } from 'zod';
import type { ActivityCategory, ActivityEntry } from '../../../../preload/contract/activity-models.js';
import type { PreparedWrite } from '../../storage/json-store.js';
import type { AppendableDocStore, DocStore } from '../doc-store.js';
import {
  activityIndexSchema,
  activitySegmentSchema,
  type ActivityIndex,
  type ActivitySegment,
  type SegmentSummary,
} from './activity-record.js';

/** Entries per segment file: small enough that appending rewrites ~60 kB, large enough for few files. */
export const SEGMENT_SIZE = 256;

/**
 * Opens one JSON store in the data folder (the composition root's `open`: atomic, backed up, checked).
 * Its writes can be staged (`prepareAppend`), so an audit entry can join the write it records (issue 15).
 */
export type StoreOpener = <T>(name: string, schema: z.ZodType<T>, defaults: T) => AppendableDocStore<T>;

export interface ActivityFilter {
  category?: ActivityCategory;
  connectionId?: string;
}

export interface SequencedEntry {
  seq: number;
  entry: ActivityEntry;
}

/** Sealed segments kept open per stream; they never change, so a cached one is never stale. */
const OPEN_SEGMENTS = 8;

/**
 * One append-only stream of audit entries (an integration's, or the app-wide one), in segments.
 *
 * Entries are numbered from 0 in the order they were recorded; segment `n` holds `n * SEGMENT_SIZE …`.
 * Appending rewrites only the open (head) segment, through the same atomic, backed-up, schema-checked
 * stores as the rest of the data; a full head is sealed by adding its summary to the index. A page
 * newest first reads the head and, going back, only the sealed segments whose summary says they can
 * match the filter: the cost of a page does not grow with the length of the trail.
 */
export function openActivityStream(open: StoreOpener, stream: string) {
  const index: DocStore<ActivityIndex> = open(`audit/${stream}/index`, activityIndexSchema, { imported: false, sealed: [] });
  const segments = new Map<number, DocStore<ActivitySegment>>();
  let head: { n: number; store: AppendableDocStore<ActivitySegment> } | undefined;

  const name = (n: number) => `audit/${stream}/s${String(n).padStart(6, '0')}`;
  const headStore = (): AppendableDocStore<ActivitySegment> => {
    const n = index.get().sealed.length;
    if (head?.n !== n) head = { n, store: open(name(n), activitySegmentSchema, { entries: [] }) };
    return head.store;
  };
  const sealedStore = (n: number): DocStore<ActivitySegment> => {
    let store = segments.get(n);
    if (store) {
      segments.delete(n);
    } else {
      store = open(name(n), activitySegmentSchema, { entries: [] });
      if (segments.size >= OPEN_SEGMENTS) segments.delete(segments.keys().next().value!);
    }
    segments.set(n, store);
    return store;
  };

  /** A full head becomes sealed (also repairs a crash between the last append and its sealing). */
  const sealIfFull = (): void => {
    const entries = headStore().get().entries;
    if (entries.length < SEGMENT_SIZE) return;
    index.update((doc) => ({ ...doc, sealed: [...doc.sealed, summarize(entries)] }));
  };

  const matches = (entry: ActivityEntry, filter: ActivityFilter): boolean =>
    (!filter.category || entry.category === filter.category) && (!filter.connectionId || entry.connectionId === filter.connectionId);

  const mayMatch = (summary: SegmentSummary, filter: ActivityFilter): boolean =>
    (!filter.category || (summary.categories[filter.category] ?? 0) > 0) && (!filter.connectionId || summary.connections.includes(filter.connectionId));

  return {
    index,

    /** Entries recorded so far. */
    size(): number {
      return index.get().sealed.length * SEGMENT_SIZE + headStore().get().entries.length;
    },

    /** Appends entries (oldest first); one write per segment touched, plus one per segment sealed. */
    append(entries: readonly ActivityEntry[]): void {
      let pending = entries.slice();
      while (pending.length > 0) {
        sealIfFull();
        const room = SEGMENT_SIZE - headStore().get().entries.length;
        const chunk = pending.slice(0, room);
        pending = pending.slice(room);
        headStore().update((doc) => ({ entries: [...doc.entries, ...chunk] }));
      }
      sealIfFull();
    },

    /**
     * Stages appending `entries` to the head segment for a group commit (`storage/write-together.ts`):
     * issue 15, a sign-in's "Connected …" is written in the same durable step as its tokens and record.
     *
     * A full head is sealed first; the head this append fills is sealed by the next append (the state
     * a crash between an append and its sealing leaves, which every append already repairs). The write
     * stays current only while no other write reached the head, and the head is still this segment.
     */
    prepareAppend(entries: readonly ActivityEntry[]): PreparedWrite<ActivitySegment> {
      sealIfFull();
      const store = headStore();
      if (store.get().entries.length + entries.length > SEGMENT_SIZE) {
        throw new RangeError(`A staged append holds at most ${SEGMENT_SIZE - store.get().entries.length} entries here.`);
      }
      const prepared = store.prepareAppend('entries', entries);
      return {
        file: prepared.file,
        text: prepared.text,
        isCurrent: () => prepared.isCurrent() && headStore() === store,
        adopt: () => prepared.adopt(),
      };
    },

    /** Up to `limit` entries matching `filter` with a sequence number below `before`, newest first. */
    page(filter: ActivityFilter, before: number, limit: number): SequencedEntry[] {
      const out: SequencedEntry[] = [];
      const sealed = index.get().sealed;
      let seq = Math.min(before, sealed.length * SEGMENT_SIZE + headStore().get().entries.length) - 1;
      while (seq >= 0 && out.length < limit) {
        const n = Math.floor(seq / SEGMENT_SIZE);
        const summary = sealed[n];
        if (summary && !mayMatch(summary, filter)) {
          seq = n * SEGMENT_SIZE - 1;
          continue;
        }
        const entries = (summary ? sealedStore(n) : headStore()).get().entries;
        for (let i = Math.min(seq - n * SEGMENT_SIZE, entries.length - 1); i >= 0 && out.length < limit; i -= 1) {
          const entry = entries[i]!;
          if (matches(entry, filter)) out.push({ seq: n * SEGMENT_SIZE + i, entry });
        }
        seq = out.length < limit ? n * SEGMENT_SIZE - 1 : out[out.length - 1]!.seq - 1;
      }
      return out;
    },
  };
}

export type ActivityStream = ReturnType<typeof openActivityStream>;

function summarize(entries: readonly ActivityEntry[]): SegmentSummary {
  const categories: Record<string, number> = {};
  const connections = new Set<string>();
  for (const entry of entries) {
    categories[entry.category] = (categories[entry.category] ?? 0) + 1;
    if (entry.connectionId) connections.add(entry.connectionId);
  }
  return { first: entries[0]!.at, last: entries[entries.length - 1]!.at, categories, connections: [...connections] };
}
