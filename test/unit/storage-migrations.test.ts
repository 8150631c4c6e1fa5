import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog, type RecoveryLog } from '../../main/core/storage/recovery-log.js';

// Version 1 kept a single `name`; version 2 splits it into first and last names.
const v2 = z.object({ people: z.array(z.object({ first: z.string(), last: z.string() })) });
type V2 = z.infer<typeof v2>;
const migrations = {
  2: (doc: Record<string, unknown>) => ({
    people: (doc.people as { name: string }[]).map(({ name }) => {
      const [first = '', ...rest] = name.split(' ');
      return { first, last: rest.join(' ') };
    }),
  }),
};

let dir: string;
let recoveries: RecoveryLog;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-migrate-'));
  recoveries = createRecoveryLog();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const openV2 = () => openJsonStore<V2>({ dir, name: 'people', schema: v2, defaults: { people: [] }, version: 2, migrations, recoveries });
const file = () => path.join(dir, 'people.json');

describe('store migrations', () => {
  it('migrates a version 1 file to version 2 and saves it', () => {
    fs.writeFileSync(file(), JSON.stringify({ people: [{ name: 'Ada King Lovelace' }], __internal__: { version: 1 } }));
    expect(openV2().get()).toEqual({ people: [{ first: 'Ada', last: 'King Lovelace' }] });
    const saved = JSON.parse(fs.readFileSync(file(), 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ people: [{ first: 'Ada', last: 'King Lovelace' }], __internal__: { version: 2 } });
    expect(recoveries.list()).toEqual([]);
  });

  it('treats a file without a version marker as version 1', () => {
    fs.writeFileSync(file(), JSON.stringify({ people: [{ name: 'Grace Hopper' }] }));
    expect(openV2().get().people).toEqual([{ first: 'Grace', last: 'Hopper' }]);
  });

  it('runs the steps in order, from the stored version to the current one', () => {
    const seen: number[] = [];
    fs.writeFileSync(file(), JSON.stringify({ n: 0, __internal__: { version: 1 } }));
    const schema = z.object({ n: z.number() });
    const step = (v: number) => (doc: Record<string, unknown>) => {
      seen.push(v);
      return { n: (doc.n as number) * 10 + v };
    };
    const store = openJsonStore({ dir, name: 'people', schema, defaults: { n: 0 }, version: 4, migrations: { 2: step(2), 3: step(3), 4: step(4) }, recoveries });
    expect(seen).toEqual([2, 3, 4]);
    expect(store.get().n).toBe(234);
  });

  it('treats a migrated document that fails the schema as a recovery, not a reset', () => {
    const original = JSON.stringify({ people: [{ nom: 'wrong field' }], __internal__: { version: 1 } });
    fs.writeFileSync(file(), original);
    const store = openV2();
    expect(store.get()).toEqual({ people: [] });
    const [notice] = recoveries.list();
    expect(notice).toMatchObject({ store: 'people', restoredFrom: 'defaults' });
    expect(notice?.reason).toMatch(/migration to version 2 failed|does not match the schema/);
    expect(fs.readFileSync(notice!.quarantinedFile, 'utf8')).toBe(original);
  });

  it('restores the migrated backup when the current file fails the schema', () => {
    const store = openV2();
    store.set({ people: [{ first: 'Ada', last: 'Lovelace' }] });
    fs.writeFileSync(file(), JSON.stringify({ people: [{ first: 42 }], __internal__: { version: 2 } }));
    expect(openV2().get()).toEqual({ people: [{ first: 'Ada', last: 'Lovelace' }] });
    expect(recoveries.list()).toMatchObject([{ store: 'people', restoredFrom: 'backup' }]);
    expect(recoveries.list()[0]?.reason).toMatch(/people\.0\.first/);
  });
});
