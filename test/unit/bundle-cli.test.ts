import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { valueOf } from '../support/bundle-helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run desk -- …` without npm: the same entry point, run by tsx. */
function desk(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/desk.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '47998', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Issue 16: the command line exports and imports with the same core code, passphrase from the environment. */
describe('npm run desk -- export|import', () => {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });

  it('exports a data folder and imports it into a fresh one', async () => {
    const source = await createTestCore();
    cores.push(source);
    const offering = (await valueOf<Array<{ id: string }>>(source, 'offerings.list'))[0]!;
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    await source.dispose();
    cores.length = 0;

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-cli-')), 'acme');
    const passphrase = { DESK_BUNDLE_PASSPHRASE: 'cli passphrase 123' };
    const exported = await desk(['export', '--out', out, '--integration', 'acme'], { DESK_DATA_DIR: source.dataDir, ...passphrase });
    expect(exported.stderr).not.toContain('cli passphrase 123');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/Exported 1 integration\(s\) to .*acme\.deskbundle/);

    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-cli-target-'));
    const wrong = await desk(['import', `${out}.deskbundle`], { DESK_DATA_DIR: fresh, DESK_BUNDLE_PASSPHRASE: 'wrong passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Wrong passphrase/);

    const imported = await desk(['import', `${out}.deskbundle`], { DESK_DATA_DIR: fresh, ...passphrase });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported: 1 new/);

    const target = await createTestCore({}, { DESK_DATA_DIR: fresh });
    cores.push(target);
    expect((await valueOf<Integration[]>(target, 'integrations.list')).map((i) => [i.name, i.status])).toEqual([['Acme', 'draft']]);
  }, 60_000);
});
