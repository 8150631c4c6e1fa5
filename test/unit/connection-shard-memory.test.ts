import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionsDocSchema, toConnectionView, type ConnectionRecord } from '../../main/core/connections/connection-record.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { shareEqualStrings } from '../../main/core/storage/share-equal-strings.js';

/**
 * Issue 15 (memory): a connections shard kept in memory holds one instance of each equal value — the
 * same scopes on every connection are one list — and what is stored, read back and shown is unchanged.
 */
const T0 = '2026-11-01T10:00:00.000Z';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const record = (j: number, scopes: string[] = ['api', 'refresh_token']): ConnectionRecord => ({
  id: `con_${j}`, integrationId: 'int_1', userEmail: `u${j}@org.example`, userName: `U ${j}`, userId: `005${j}`, orgId: '00D1',
  instanceUrl: 'https://org.my.salesforce.com', environment: 'production', status: 'connected', scopes, tokenType: 'Bearer',
  connectedAt: T0, lastActiveAt: T0, expiresAt: T0, expirySource: 'introspected', updatedAt: T0,
});

function shard() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-shard-memory-'));
  dirs.push(dir);
  const open = () => openJsonStore({ dir, name: 'connections/int_1', schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries: createRecoveryLog() });
  return { dir, open, file: path.join(dir, 'connections', 'int_1.json') };
}

describe('connection shards in memory', () => {
  it('keep equal scope lists as one list, when read and after a write', () => {
    const { open } = shard();
    open().set({ connections: [record(1), record(2), record(3, ['api'])] });
    const read = open().get().connections;
    expect(read[0]!.scopes).toBe(read[1]!.scopes);
    expect(read[2]!.scopes).toEqual(['api']);
    expect(read[2]!.scopes).not.toBe(read[0]!.scopes);

    const store = open();
    const written = store.update((doc) => ({ connections: [...doc.connections, record(4)] })).connections;
    expect(written[3]!.scopes).toBe(written[0]!.scopes);
    expect(Object.isFrozen(written[0]!.scopes)).toBe(true);
  });

  it('store, read back and show the same values as before (the file is what JSON.stringify writes)', () => {
    const { open, file } = shard();
    const records = [record(1), record(2), { ...record(3), orgName: 'Org', lastRefreshedAt: T0 }];
    open().set({ connections: records });
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as { connections: ConnectionRecord[] };
    expect(onDisk.connections).toStrictEqual(records);
    const read = open().get().connections;
    expect(read).toStrictEqual(records);
    expect(read.map((c) => toConnectionView(c))).toStrictEqual(records.map(({ identityUrl: _i, tokenType: _t, updatedAt: _u, ...view }) => view));
  });

  it('a connection view adds the idle fields to its own copy, never to the stored record', () => {
    const { open } = shard();
    open().set({ connections: [record(1)] });
    const stored = open().get().connections[0]!;
    const view = toConnectionView(stored, { idleExpiresAt: T0, expiresSoon: true });
    expect(view).toMatchObject({ id: 'con_1', idleExpiresAt: T0, expiresSoon: true });
    expect(view).not.toHaveProperty('tokenType');
    expect(stored).not.toHaveProperty('idleExpiresAt');
    expect(toConnectionView(stored, {})).not.toHaveProperty('expiresSoon');
  });
});

describe('shareEqualStrings', () => {
  it('changes no value, shares equal string lists, and leaves frozen parts alone', () => {
    const frozen = Object.freeze({ scopes: Object.freeze(['api']) });
    const doc = { a: ['x', 'y'], b: ['x', 'y'], c: ['y', 'x'], d: [], e: [], n: [1, 'x'], o: { s: 'x', t: null, u: 2 }, frozen };
    const before = structuredClone(doc);
    const shared = shareEqualStrings(doc);
    expect(shared).toStrictEqual(before);
    expect(shared.a).toBe(shared.b);
    expect(shared.c).not.toBe(shared.a);
    expect(shared.d).not.toBe(shared.e); // Empty lists are not shared: nothing to save.
    expect(shared.frozen).toBe(frozen);
  });
});
