import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { storeNameToStem } from '../../main/core/storage/shard-name.js';
import { createLogger } from '../../main/core/support/logger.js';

/**
 * Keep-alive's sweep reads every integration's connections. One shard it cannot read (written by a
 * newer version of the app, say) must not make the sweep's timer reject: in main that is an
 * unhandled rejection (the process's end, in browser mode).
 */
const dirs: string[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function startCore(dataDir: string) {
  const logger = createLogger({ dir: dataDir, stream: fs.createWriteStream('/dev/null') });
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: '47999', DESK_VAULT_KEY_FILE: '1' });
  return createAppCore({ config, logger, mode: 'browser' });
}

describe('keep-alive with a connections shard it cannot read', () => {
  it('does not reject from its timer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-keepalive-'));
    dirs.push(dir);
    let core = await startCore(dir);
    const created = await dispatch(core.handlers, 'integrations.create', { name: 'Newer shard', offeringId: 'salesforce-production', clientId: 'c', clientSecret: 's', scopes: [] }, { transport: 'browser' }, core.logger);
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: string } }).value.id;
    await core.dispose();
    fs.mkdirSync(path.join(dir, 'connections'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'connections', `${storeNameToStem(id)}.json`), JSON.stringify({ connections: [], __internal__: { version: 99 } }));

    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    cleanups.push(() => process.off('unhandledRejection', onRejection));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    core = await startCore(dir);
    const started = core;
    cleanups.push(() => started.dispose());
    // The first look (a minute after start), then one keep-alive interval (12 hours by default).
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(12 * 60 * 60_000);
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
  });
});
