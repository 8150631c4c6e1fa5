import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../../preload/contract/activity-models.js';
import { createActivityLog, type NewActivity } from '../../main/core/domain/activity/activity-log.js';
import { legacyActivityDocSchema } from '../../main/core/domain/activity/activity-record.js';
import { SEGMENT_SIZE } from '../../main/core/domain/activity/activity-stream.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import type { AppendableDocStore } from '../../main/core/domain/doc-store.js';
import type { z } from 'zod';
import { createTestCore, type TestCore } from '../support/test-core.js';

const dirs: string[] = [];
let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A log on real stores in a fresh folder; `at` advances one second per entry so order is by time. */
function logIn(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-audit-'))) {
  if (!dirs.includes(dir)) dirs.push(dir);
  const recoveries = createRecoveryLog();
  const open = <T>(name: string, schema: z.ZodType<T>, defaults: T): AppendableDocStore<T> => openJsonStore({ dir, name, schema, defaults, version: 1, recoveries });
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const clock = { now: () => (tick += 1000) };
  return { dir, log: createActivityLog(open, clock) };
}

const edit = (n: number, extra: Partial<NewActivity> = {}): NewActivity => ({
  integrationId: 'int_a', kind: 'edited', category: 'credentials', actor: 'admin', message: `edit ${n}`, ...extra,
});

function pageAll(read: (cursor?: string) => ActivityPage): ActivityEntry[] {
  const all: ActivityEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = read(cursor);
    all.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('the audit trail', () => {
  it('pages newest first across segments without repeating or skipping an entry', () => {
    const { log } = logIn();
    const count = SEGMENT_SIZE * 2 + 37;
    for (let i = 0; i < count; i += 1) log.record(edit(i));
    const all = pageAll((cursor) => log.page({ integrationId: 'int_a', cursor, limit: 50 }));
    expect(all.map((e) => e.message)).toEqual(Array.from({ length: count }, (_, i) => `edit ${count - 1 - i}`));
  });

  it('filters by category and by connection, skipping segments that cannot match', () => {
    const { log } = logIn();
    log.recordMany('int_a', Array.from({ length: SEGMENT_SIZE * 3 }, (_, i) => edit(i)));
    log.record(edit(0, { kind: 'connection-connected', category: 'connections', connectionId: 'con_1', message: 'connected' }));
    log.recordMany('int_a', Array.from({ length: SEGMENT_SIZE }, (_, i) => edit(i)));
    expect(log.page({ integrationId: 'int_a', category: 'connections' }).entries.map((e) => e.message)).toEqual(['connected']);
    expect(log.page({ integrationId: 'int_a', connectionId: 'con_1' }).entries).toHaveLength(1);
    expect(log.page({ integrationId: 'int_a', category: 'api-keys' })).toEqual({ entries: [] });
  });

  it("merges the app-wide stream (the local API) into every integration's trail, in time order", () => {
    const { log } = logIn();
    log.record(edit(1));
    log.record({ kind: 'local-api-enabled', category: 'local-api', actor: 'admin', message: 'on' });
    log.record(edit(2));
    log.record(edit(3, { integrationId: 'int_b' }));
    expect(log.page({ integrationId: 'int_a' }).entries.map((e) => e.message)).toEqual(['edit 2', 'on', 'edit 1']);
    expect(log.page({ integrationId: 'int_b', category: 'local-api' }).entries.map((e) => e.message)).toEqual(['on']);
    expect(log.page({ integrationId: 'int_a', category: 'credentials' }).entries.map((e) => e.message)).toEqual(['edit 2', 'edit 1']);
    const paged = pageAll((cursor) => log.page({ integrationId: 'int_a', cursor, limit: 1 }));
    expect(paged.map((e) => e.message)).toEqual(['edit 2', 'on', 'edit 1']);
  });

  it('is kept on disk: a new process reads the same trail, and a tampered cursor is refused', () => {
    const first = logIn();
    for (let i = 0; i < SEGMENT_SIZE + 3; i += 1) first.log.record(edit(i));
    const again = logIn(first.dir);
    expect(again.log.page({ integrationId: 'int_a', limit: 2 }).entries.map((e) => e.message)).toEqual([`edit ${SEGMENT_SIZE + 2}`, `edit ${SEGMENT_SIZE + 1}`]);
    expect(() => again.log.page({ integrationId: 'int_a', cursor: 'bm90IGEgY3Vyc29y' })).toThrow(/not valid/);
  });

  it('imports the log it replaced (activity/<id>.json) once, oldest first', () => {
    const { dir } = logIn();
    const legacy = { entries: [2, 1].map((n) => ({ id: `act_${n}`, integrationId: 'int_old', at: `2025-01-0${n}T00:00:00.000Z`, kind: 'edited', message: `old ${n}` })) };
    openJsonStore({ dir, name: 'activity/int_old', schema: legacyActivityDocSchema, defaults: { entries: [] }, version: 1, recoveries: createRecoveryLog() }).set(legacy);
    const { log } = logIn(dir);
    expect(log.page({ integrationId: 'int_old' }).entries.map((e) => e.message)).toEqual(['old 2', 'old 1']);
  });
});

describe('what the app records', () => {
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await dispatch(core!.handlers, channel, payload, { transport: 'browser' }, core!.logger);
    if (!result.ok) throw new Error(`${result.message}\n${core!.logOutput()}`);
    return result.value as T;
  };
  const kinds = async (integrationId: string, category?: string) =>
    (await call<ActivityPage>('activity.list', { integrationId, category })).entries.map((e) => e.kind);

  it('records an edit once, with each setting as previous → new value, and never the secret', async () => {
    core = await createTestCore();
    const created = await call<{ id: string }>('integrations.create', {
      name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-1', clientSecret: 'hunter2-secret', scopes: [],
    });
    await call('integrations.update', { id: created.id, name: 'Acme Production', clientId: 'client-2' });
    await call('integrations.replaceSecret', { id: created.id, clientSecret: 'another-secret' });
    const page = await call<ActivityPage>('activity.list', { integrationId: created.id });
    expect(page.entries.map((e) => e.kind)).toEqual(['secret-replaced', 'edited', 'created']);
    expect(page.entries[1]).toMatchObject({
      actor: 'admin',
      category: 'credentials',
      changes: [
        { field: 'Integration Name', from: 'Acme', to: 'Acme Production' },
        { field: 'Client ID', from: 'client-1', to: 'client-2' },
      ],
    });
    expect(JSON.stringify(page)).not.toMatch(/hunter2|another-secret/);
  });

  it('records turning the local API on and off once each, under Local API, in every trail', async () => {
    core = await createTestCore({}, { DESK_API_PORT: '0' });
    const a = await call<{ id: string }>('integrations.create', { name: 'A', offeringId: 'salesforce-production', clientId: 'a', clientSecret: 's', scopes: [] });
    await call('localApi.setEnabled', { enabled: true });
    await call('localApi.setRateLimit', { perMinute: 50 });
    await call('localApi.setEnabled', { enabled: false });
    expect(await kinds(a.id, 'local-api')).toEqual(['local-api-disabled', 'local-api-changed', 'local-api-enabled']);
    expect(await kinds(a.id, 'credentials')).toEqual(['created']);
  });
});
