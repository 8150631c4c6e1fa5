import { randomBytes } from 'node:crypto';
import type { ActivityCategory, ActivityEntry, ActivityPage } from '../../../../preload/contract/activity-models.js';
import type { PreparedWrite } from '../../storage/json-store.js';
import { isoNow, type Clock } from '../../support/clock.js';
import { decodeCursor, encodeCursor, type ActivityCursor } from './activity-cursor.js';
import { legacyActivityDocSchema, type LegacyActivityDoc } from './activity-record.js';
import { openActivityStream, type ActivityFilter, type ActivityStream, type SequencedEntry, type StoreOpener } from './activity-stream.js';

/** The stream of app-wide events (the local API), shown in every integration's trail. */
export const APP_STREAM = 'app';

/** What a caller records; the log adds the id and the time. */
export type NewActivity = Omit<ActivityEntry, 'id' | 'at'> & { at?: string };

export interface ActivityQuery extends ActivityFilter {
  integrationId: string;
  cursor?: string;
  limit?: number;
}

export type ActivityLog = ReturnType<typeof createActivityLog>;

/** Streams kept open at once; more are reopened on demand (opening reads two small files). */
const OPEN_STREAMS = 64;
const DEFAULT_PAGE = 50;

/**
 * The audit trail: one append-only stream per integration plus one for app-wide events, each written
 * in segments (see `activity-stream.ts`), read a page at a time, newest first.
 *
 * An integration's trail is its own stream merged with the app-wide one (turning the local API on or
 * off concerns every integration's keys). A cursor records where each stream's page ended, so paging
 * through a merged trail neither repeats nor skips an entry. Nothing recorded may carry a secret:
 * callers describe a replaced secret as "replaced", never by value.
 */
export function createActivityLog(open: StoreOpener, clock: Clock) {
  const streams = new Map<string, ActivityStream>();

  const stream = (id: string): ActivityStream => {
    let found = streams.get(id);
    if (found) {
      streams.delete(id);
    } else {
      found = openActivityStream(open, id);
      importLegacy(id, found);
      if (streams.size >= OPEN_STREAMS) streams.delete(streams.keys().next().value!);
    }
    streams.set(id, found);
    return found;
  };

  /**
   * Copies the log this trail replaced (`activity/<id>.json`) into the stream, once. Where that log
   * has nothing (every stream made by this version) nothing is written, and the next opening looks
   * again (a read of a missing file): a new stream costs no write of its own before its first entry
   * (an import of 1,000 integrations opens 1,000 of them).
   */
  function importLegacy(id: string, target: ActivityStream): void {
    if (target.index.get().imported) return;
    if (id !== APP_STREAM) {
      const legacy = open<LegacyActivityDoc>(`activity/${id}`, legacyActivityDocSchema, { entries: [] }).get();
      if (legacy.entries.length === 0) return;
      const entries = legacy.entries
        .slice()
        .reverse()
        .map((e): ActivityEntry => ({
          id: e.id,
          integrationId: e.integrationId,
          at: e.at,
          kind: LEGACY_KINDS.has(e.kind) ? (e.kind as ActivityEntry['kind']) : 'edited',
          category: 'credentials',
          actor: 'admin',
          message: e.message,
        }));
      if (entries.length > 0 && target.size() === 0) target.append(entries);
    }
    target.index.update((doc) => ({ ...doc, imported: true }));
  }

  /** A staged append to one stream, current while that stream stays open and its head unchanged. */
  const staged = (id: string, entries: ActivityEntry[]): PreparedWrite<unknown> => {
    const target = stream(id);
    const write = target.prepareAppend(entries);
    return { ...write, isCurrent: () => streams.get(id) === target && write.isCurrent() };
  };

  const newEntry = (input: NewActivity): ActivityEntry => ({
    ...input,
    id: `act_${randomBytes(9).toString('base64url')}`,
    at: input.at ?? isoNow(clock),
  });

  return {
    /**
     * Records one entry. The older form `record(integrationId, kind, message)` is still accepted (an
     * integration's credentials or settings, by the admin) for callers not yet moved to the new one.
     */
    record(input: NewActivity | string, kind?: ActivityEntry['kind'], message?: string): ActivityEntry {
      const full: NewActivity =
        typeof input === 'string' ? { integrationId: input, kind: kind ?? 'edited', category: 'credentials', actor: 'admin', message: message ?? '' } : input;
      const entry = newEntry(full);
      stream(entry.integrationId ?? APP_STREAM).append([entry]);
      return entry;
    },

    /**
     * Stages one entry for a group commit instead of writing it now (issue 15: a sign-in's entry joins
     * the durable write of its tokens and record, `storage/write-together.ts`). The entry is in the
     * trail once the write is adopted; until then nothing changed. The write stops being current if its
     * stream was closed meanwhile (a reopened stream would not know it), and is then staged again.
     */
    prepareRecord(input: NewActivity): { entry: ActivityEntry; write: PreparedWrite<unknown> } {
      const entry = newEntry(input);
      return { entry, write: staged(entry.integrationId ?? APP_STREAM, [entry]) };
    },

    /**
     * Stages several entries of one stream as one write, for a group commit (an import's, one write per
     * integration). Throws a RangeError when the stream's open segment has no room for all of them.
     */
    prepareMany(integrationId: string | undefined, inputs: readonly NewActivity[]): PreparedWrite<unknown> {
      return staged(integrationId ?? APP_STREAM, inputs.map(newEntry));
    },

    /** Many entries of one stream at once (imports, benchmarks): one write per segment. */
    recordMany(integrationId: string | undefined, inputs: readonly NewActivity[]): void {
      stream(integrationId ?? APP_STREAM).append(inputs.map(newEntry));
    },

    /** One page of an integration's trail, newest first, with the app-wide events that match. */
    page(query: ActivityQuery): ActivityPage {
      const limit = query.limit ?? DEFAULT_PAGE;
      const filter: ActivityFilter = { category: query.category, connectionId: query.connectionId };
      const ids = [query.integrationId];
      if (!query.connectionId && (!query.category || query.category === APP_CATEGORY)) ids.push(APP_STREAM);
      const cursor: ActivityCursor = decodeCursor(query.cursor) ?? {};

      const pages = ids.map((id) => {
        const before = cursor[id] ?? Number.MAX_SAFE_INTEGER;
        return { id, items: before > 0 ? stream(id).page(filter, before, limit) : [], next: 0 };
      });
      const fetched = new Map(pages.map((p) => [p.id, p.items.length]));
      // Newest first across streams, taking each stream's entries in sequence order (a merge, not a
      // sort): what a page takes of a stream is then always its newest entries, so the cursor below
      // skips nothing, even where a stream is out of time order (the clock was set back).
      const taken: Array<SequencedEntry & { stream: string }> = [];
      while (taken.length < limit) {
        let best: (typeof pages)[number] | undefined;
        for (const p of pages) {
          const head = p.items[p.next];
          if (!head) continue;
          const bestHead = best?.items[best.next];
          if (!bestHead || head.entry.at > bestHead.entry.at || (head.entry.at === bestHead.entry.at && p.id.localeCompare(best!.id) < 0)) best = p;
        }
        if (!best) break;
        taken.push({ ...best.items[best.next]!, stream: best.id });
        best.next += 1;
      }

      const next: ActivityCursor = { ...cursor };
      for (const id of ids) {
        const mine = taken.filter((c) => c.stream === id);
        const got = fetched.get(id) ?? 0;
        // A stream that gave fewer than asked, all of them taken, has nothing older that matches.
        if (mine.length === got && got < limit) next[id] = 0;
        else if (mine.length > 0) next[id] = mine[mine.length - 1]!.seq;
      }
      const more = ids.some((id) => next[id] !== 0);
      return { entries: taken.map((c) => c.entry), ...(more ? { nextCursor: encodeCursor(next) } : {}) };
    },
  };
}

/** The category whose events live in the app-wide stream. */
const APP_CATEGORY: ActivityCategory = 'local-api';

const LEGACY_KINDS = new Set(['created', 'edited', 'secret-replaced', 'verification-passed', 'verification-failed', 'status-changed', 'deleted']);
