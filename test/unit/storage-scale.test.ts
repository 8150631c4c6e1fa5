import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { listShards } from '../../main/core/storage/shards.js';

const SHARDS = 10_000;
const schema = z.object({ connections: z.array(z.object({ id: z.string(), status: z.string(), expiresAt: z.string() })) });
const recoveries = createRecoveryLog();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-scale-'));
const folder = path.join(dir, 'connections');
const open = (i: number) =>
  openJsonStore({ dir, name: `connections/int_${i}`, schema, defaults: { connections: [] }, version: 1, recoveries });

beforeAll(() => {
  // Seeded with plain writes (the store's own writes fsync, which would make set-up take seconds).
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (let i = 0; i < SHARDS; i += 1) {
    const doc = JSON.stringify({ connections: [{ id: `c${i}`, status: 'connected', expiresAt: '2025-01-01T00:00:00.000Z' }], __internal__: { version: 1 } });
    fs.writeFileSync(path.join(folder, `int_${i}.json`), doc, { mode: 0o600 });
    fs.writeFileSync(path.join(folder, `int_${i}.json.bak`), doc, { mode: 0o600 });
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('store scale (10,000 integrations)', () => {
  it('opens 10,000 small shards in well under a few seconds', () => {
    const started = performance.now();
    for (let i = 0; i < SHARDS; i += 1) open(i);
    const elapsed = performance.now() - started;
    // About 0.25 s on a 2-core CI box; the bound only catches per-shard work growing by orders of magnitude.
    expect(elapsed).toBeLessThan(10_000);
    expect(recoveries.list()).toEqual([]);
  });

  it('persists one token refresh by touching that shard alone', () => {
    const before = new Map(fs.readdirSync(folder).map((f) => [f, fs.statSync(path.join(folder, f)).mtimeMs]));
    const started = performance.now();
    open(4242).update((doc) => ({ connections: doc.connections.map((c) => ({ ...c, expiresAt: '2025-06-01T00:00:00.000Z' })) }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1_000);
    const changed = fs.readdirSync(folder).filter((f) => before.get(f) !== fs.statSync(path.join(folder, f)).mtimeMs);
    expect(changed.sort()).toEqual(['int_4242.json', 'int_4242.json.bak']);
  });

  it('lists 10,000 shards with one directory read', () => {
    expect(listShards(dir, 'connections')).toHaveLength(SHARDS);
  });
});
