import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog, type RecoveryLog } from '../../main/core/storage/recovery-log.js';

const schema = z.object({ token: z.string(), count: z.number() });
type Doc = z.infer<typeof schema>;

let dir: string;
let recoveries: RecoveryLog;
const clock = { now: () => Date.parse('2025-03-04T05:06:07.089Z') };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-recover-'));
  recoveries = createRecoveryLog();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = () => openJsonStore<Doc>({ dir, name: 'connections/int_1', schema, defaults: { token: '', count: 0 }, version: 1, recoveries, clock });
const file = () => path.join(dir, 'connections', 'int_1.json');
const corrupt = (content: string | Buffer) => fs.writeFileSync(file(), content);

describe('store recovery', () => {
  it('restores a truncated file from the last-good backup and records a notice', () => {
    open().set({ token: 'metadata-1', count: 1 });
    open().set({ token: 'metadata-2', count: 2 });
    const damaged = fs.readFileSync(file(), 'utf8').slice(0, 20);
    corrupt(damaged);

    expect(open().get()).toEqual({ token: 'metadata-2', count: 2 });
    const notices = recoveries.list();
    expect(notices).toEqual([
      {
        store: 'connections/int_1',
        at: '2025-03-04T05:06:07.089Z',
        reason: 'the file is not valid JSON',
        restoredFrom: 'backup',
        quarantinedFile: path.join(dir, 'connections', 'int_1.corrupt-2025-03-04T05-06-07-089Z.json'),
      },
    ]);
    expect(fs.readFileSync(notices[0]!.quarantinedFile, 'utf8')).toBe(damaged);
    // The restored document is on disk again, not only in memory.
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toMatchObject({ token: 'metadata-2', count: 2 });
  });

  it('restores a file of garbage bytes from the backup', () => {
    open().set({ token: 't', count: 7 });
    corrupt(Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x80, 0x81]));
    expect(open().get()).toEqual({ token: 't', count: 7 });
    expect(recoveries.list()).toMatchObject([{ restoredFrom: 'backup' }]);
  });

  it('without a backup, starts from the defaults but keeps the bad file and says so', () => {
    fs.mkdirSync(path.join(dir, 'connections'), { recursive: true });
    corrupt('{"token": "abc", "count": ');
    expect(open().get()).toEqual({ token: '', count: 0 });
    const [notice] = recoveries.list();
    expect(notice).toMatchObject({ store: 'connections/int_1', restoredFrom: 'defaults' });
    expect(fs.readFileSync(notice!.quarantinedFile, 'utf8')).toBe('{"token": "abc", "count": ');
  });

  it('treats a schema failure as a recovery, not a reset', () => {
    open().set({ token: 'kept', count: 3 });
    corrupt(JSON.stringify({ token: 42 }));
    expect(open().get()).toEqual({ token: 'kept', count: 3 });
    expect(recoveries.list()[0]?.reason).toMatch(/^the content does not match the schema: token: /);
  });

  it('quarantines an unusable backup as well, and reports both faults', () => {
    open().set({ token: 'x', count: 1 });
    corrupt('not json');
    fs.writeFileSync(`${file()}.bak`, '{ also not json');
    expect(open().get()).toEqual({ token: '', count: 0 });
    const [notice] = recoveries.list();
    expect(notice?.restoredFrom).toBe('defaults');
    expect(notice?.reason).toMatch(/backup was unusable too/);
    const aside = fs.readdirSync(path.join(dir, 'connections')).filter((f) => f.includes('.corrupt-'));
    expect(aside.sort()).toEqual(['int_1.corrupt-2025-03-04T05-06-07-089Z.bak.json', 'int_1.corrupt-2025-03-04T05-06-07-089Z.json']);
  });

  it('never overwrites an earlier quarantined file', () => {
    fs.mkdirSync(path.join(dir, 'connections'), { recursive: true });
    corrupt('first');
    open();
    corrupt('second');
    fs.rmSync(`${file()}.bak`);
    open();
    const files = recoveries.list().map((n) => n.quarantinedFile);
    expect(new Set(files).size).toBe(2);
    expect(files.map((f) => fs.readFileSync(f, 'utf8'))).toEqual(['first', 'second']);
  });

  it('restores from the backup when the main file vanished', () => {
    open().set({ token: 'y', count: 9 });
    fs.rmSync(file());
    expect(open().get()).toEqual({ token: 'y', count: 9 });
    expect(recoveries.list()).toMatchObject([{ reason: 'the store file was missing', restoredFrom: 'backup', quarantinedFile: '' }]);
  });

  it('does not quote the damaged content in the notice', () => {
    fs.mkdirSync(path.join(dir, 'connections'), { recursive: true });
    corrupt('{"refresh_token": "5Aep861_SECRET_VALUE", oops}');
    open();
    expect(JSON.stringify(recoveries.list())).not.toContain('SECRET_VALUE');
  });
});
