// Audit trail at scale: one integration with 100,000 events. Figures: the first page (cold: a fresh
// process opening the stores; warm), every page in turn (50 a page), a page filtered to a rare category,
// and recording one more event. Real stores in a temp folder, as the app writes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { createActivityLog, type NewActivity } from '../main/core/domain/activity/activity-log.js';
import type { AppendableDocStore } from '../main/core/domain/doc-store.js';
import { openJsonStore } from '../main/core/storage/json-store.js';
import { createRecoveryLog } from '../main/core/storage/recovery-log.js';
import { median, percentile, report, timed } from './report.js';

const bench = 'activity-trail';
const EVENTS = 100_000;
const PAGE = 50;
const integrationId = 'int_bench';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-audit-'));
const openLog = () => {
  const recoveries = createRecoveryLog();
  const open = <T>(name: string, schema: z.ZodType<T>, defaults: T): AppendableDocStore<T> => openJsonStore({ dir, name, schema, defaults, version: 1, recoveries });
  let tick = Date.parse('2026-01-01T00:00:00Z');
  return createActivityLog(open, { now: () => (tick += 1000) });
};

try {
  const seedLog = openLog();
  const event = (i: number): NewActivity =>
    i % 1000 === 0
      ? { integrationId, kind: 'connection-connected', category: 'connections', actor: 'admin', connectionId: `con_${i}`, message: `Connected user${i}@example.com (Org ${i})` }
      : { integrationId, kind: 'edited', category: 'credentials', actor: 'admin', message: `Changed Integration Name`, changes: [{ field: 'Integration Name', from: `Name ${i - 1}`, to: `Name ${i}` }] };
  const seedMs = await timed(() => {
    for (let start = 0; start < EVENTS; start += 10_000) seedLog.recordMany(integrationId, Array.from({ length: 10_000 }, (_, k) => event(start + k)));
  });
  console.log(`seeded ${EVENTS} events in ${Math.round(seedMs)} ms`);

  const cold = await timed(() => openLog().page({ integrationId, limit: PAGE }));
  report({ bench, metric: 'first page of 100k events, cold (fresh process)', value: cold, unit: 'ms', target: '< 50 ms', met: cold < 50 });

  const log = openLog();
  log.page({ integrationId, limit: PAGE });
  const warm: number[] = [];
  for (let i = 0; i < 50; i += 1) warm.push(await timed(() => log.page({ integrationId, limit: PAGE })));
  report({ bench, metric: 'first page of 100k events, warm (median)', value: median(warm), unit: 'ms', target: '< 5 ms', met: median(warm) < 5 });

  const perPage: number[] = [];
  let cursor: string | undefined;
  let seen = 0;
  do {
    let page!: ReturnType<typeof log.page>;
    perPage.push(await timed(() => (page = log.page({ integrationId, cursor, limit: PAGE }))));
    seen += page.entries.length;
    cursor = page.nextCursor;
  } while (cursor);
  if (seen !== EVENTS) throw new Error(`paged ${seen} events, expected ${EVENTS}`);
  report({ bench, metric: 'any page of 100k events, 50 a page (p95 of all 2,000)', value: percentile(perPage, 95), unit: 'ms', target: '< 10 ms', met: percentile(perPage, 95) < 10 });

  const filtered = await timed(() => openLog().page({ integrationId, category: 'connections', limit: PAGE }));
  report({ bench, metric: 'first page filtered to a 1-in-1,000 category, cold', value: filtered, unit: 'ms', target: '< 100 ms', met: filtered < 100 });

  const append: number[] = [];
  for (let i = 0; i < 20; i += 1) append.push(await timed(() => log.record(event(EVENTS + i + 1))));
  report({ bench, metric: 'record one event at 100k (median, fsynced)', value: median(append), unit: 'ms', target: '< 20 ms', met: median(append) < 20 });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
