import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import type { Integration, SecurityStatus } from '../../preload/contract/models.js';
import { ALICE, createHarness, freePort, type Harness } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, valueOf, type DesktopApp } from '../support/desktop-app.js';

/**
 * One data folder for both modes: a folder browser mode wrote (its vault under the app key in
 * `vault.key`) opens in the Electron path with every secret readable, and, where the OS has a key
 * store, is offered re-encryption under safeStorage, after which everything still works.
 */
let harness: Harness | undefined;
let apps: DesktopApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.kill()));
  apps = [];
  await harness?.fixture.stop();
  harness = undefined;
});

async function openInElectron(dataDir: string, stateDir?: string): Promise<DesktopApp> {
  const app = launchDesktopApp({
    ...(stateDir ? { stateDir } : {}),
    scenario: { keyStore: 'gnome_libsecret' },
    env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()) },
  });
  apps.push(app);
  await app.window();
  return app;
}

/** Reads every kind of secret the folder holds: the client secret (Verify) and the refresh token (Refresh). */
async function secretsReadable(app: DesktopApp, integrationId: string, connectionId: string): Promise<void> {
  const verified = valueOf<{ integration: Integration }>(await app.invoke('integrations.verify', { id: integrationId }), 'verify');
  expect(verified.integration.status).toBe('configured');
  const refreshed = valueOf<Connection>(await app.invoke('connections.refresh', { id: connectionId }), 'refresh');
  expect(refreshed.status).toBe('connected');
}

describe('a browser-mode data folder in the desktop app', () => {
  it('reads every secret, offers re-encryption under the OS key store, and still reads them after it', async () => {
    harness = await createHarness();
    const { connection } = await harness.connect(ALICE);
    const dataDir = harness.core.dataDir;
    await harness.core.dispose();

    const stateDir = freshDir('desk-machine-');
    const app = await openInElectron(dataDir, stateDir);
    const before = valueOf<SecurityStatus>(await app.invoke('security.status'));
    expect(before.vault.reencrypt).toBeDefined();
    await secretsReadable(app, harness.integrationId, connection.id);

    const after = valueOf<SecurityStatus>(await app.invoke('security.reencrypt'));
    expect(after.vault.reencrypt).toBeUndefined();
    expect(after.vault.protection).toBe('os');
    await secretsReadable(app, harness.integrationId, connection.id);
    expect(await app.quit()).toBe(0);

    // The same machine (same OS key store) starts again: everything is still readable.
    const again = await openInElectron(dataDir, stateDir);
    await secretsReadable(again, harness.integrationId, connection.id);
    expect([...app.reports, ...again.reports]).toEqual([]);
  });
});
