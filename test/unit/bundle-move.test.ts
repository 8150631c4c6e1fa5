import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import type { Integration, Offering } from '../../preload/contract/models.js';
import { BOB, createHarness, type Harness } from '../support/connection-harness.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { PASSPHRASE, TEST_SCRYPT_LOG_N, callCore, exportBundle, importAll, valueOf } from '../support/bundle-helpers.js';

/**
 * Issue 16, acceptance 1 and 2: a workspace moved to a fresh data folder keeps working, and the
 * machine it left never presents its refresh tokens again (the fixture rotates refresh tokens and
 * revokes the whole grant when a used one comes back, as Salesforce does).
 */
describe('moving a workspace to another machine', () => {
  let source: Harness | undefined;
  let target: TestCore | undefined;
  afterEach(async () => {
    await target?.dispose();
    await source?.stop();
    source = target = undefined;
  });

  const start = async () => {
    source = await createHarness({ core: { bundleScryptWorkFactor: TEST_SCRYPT_LOG_N } });
    target = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N });
    return { h: source, b: target };
  };

  it('restores offerings, draft integrations, client secrets and working connections on a fresh data folder', async () => {
    const { h, b } = await start();
    const { connection } = await h.connect();
    await h.value('connections.refresh', { id: connection.id }); // a rotated token, as after a day of use

    const { bytes, result } = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });
    expect(result.connectionsMoved).toBe(1);

    const { preview, result: imported } = await importAll(b, bytes);
    expect(preview.integrations).toHaveLength(1);
    expect(preview.integrations[0]!.state).toBe('new');
    expect(imported.added).toBe(1);
    expect(imported.connections).toBe(1);

    const offerings = await valueOf<Offering[]>(b, 'offerings.list');
    expect(offerings.some((o) => o.name === 'Fixture (salesforce)')).toBe(true);
    const [integration] = await valueOf<Integration[]>(b, 'integrations.list');
    expect(integration!.name).toBe('Fixture Production');
    expect(integration!.status).toBe('draft');

    // The client secret came along: the provider accepts it on this machine.
    const verified = await valueOf<{ integration: Integration }>(b, 'integrations.verify', { id: integration!.id });
    expect(verified.integration.status).toBe('configured');

    // The connection's tokens work here: a refresh with the moved refresh token succeeds.
    const moved = await valueOf<Connection>(b, 'connections.get', { id: connection.id });
    expect(moved.status).toBe('connected');
    const grantsBefore = h.fixture.stats().refreshGrants;
    await valueOf(b, 'connections.refresh', { id: connection.id });
    expect(h.fixture.stats().refreshGrants).toBe(grantsBefore + 1);
    const credentials = await b.connections.credentialsFor(connection.id);
    expect((await h.fixture.introspect(credentials.accessToken)).active).toBe(true);
  });

  it('marks the moved connections here, erases their tokens and never refreshes them again', async () => {
    const { h } = await start();
    const { connection } = await h.connect();
    await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });

    const here = await h.value<Connection>('connections.get', { id: connection.id });
    expect(here.status).toBe('moved');
    expect(here.movedAt).toBeTruthy();
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeUndefined();
    expect(h.core.connections.bundleAccess.secrets.accessToken(h.integrationId, connection.id)).toBeUndefined();

    const attemptsBefore = h.fixture.stats().refreshAttempts;
    // Every path that could refresh: an explicit refresh, the local API, keep-alive, a token past expiry.
    h.clock.advance(3 * 24 * 60 * 60_000);
    expect((await h.call('connections.refresh', { id: connection.id })).ok).toBe(false);
    await expect(h.core.connections.credentialsFor(connection.id)).rejects.toThrow(/moved/);
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshAttempts).toBe(attemptsBefore);

    // A second move of the same integration has nothing left to take.
    const again = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });
    expect(again.result.connectionsMoved).toBe(0);
    expect(h.fixture.stats().refreshAttempts).toBe(attemptsBefore);
  });

  it('lets the new machine refresh while the old one keeps quiet: the grant is never revoked for reuse', async () => {
    const { h, b } = await start();
    const { connection } = await h.connect();
    const { bytes } = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });
    await importAll(b, bytes);

    for (let i = 0; i < 3; i += 1) {
      await valueOf(b, 'connections.refresh', { id: connection.id });
      await h.core.connections.keepAliveSweep();
    }
    const stats = h.fixture.stats();
    // Each refresh token was presented once: with rotation, a second presentation would be reuse.
    expect([...stats.refreshAttemptsByToken.values()].every((n) => n === 1)).toBe(true);
    expect(stats.refreshGrants).toBe(3);
    expect((await valueOf<Connection>(b, 'connections.get', { id: connection.id })).status).toBe('connected');
  });

  it('leaves connections as they are after a configuration-only export', async () => {
    const { h } = await start();
    const { connection } = await h.connect();
    const { result } = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'configuration' });
    expect(result.connectionsMoved).toBe(0);
    expect((await h.value<Connection>('connections.get', { id: connection.id })).status).toBe('connected');
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeTruthy();
  });

  it('keeps a move delivered as a download on this machine before erasing any token (the page cannot say it saved the file)', async () => {
    const { h, b } = await start();
    const { connection } = await h.connect();
    const { dataDir } = await h.value<{ dataDir: string }>('app.info');
    const { bytes, result } = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });
    expect(result.connectionsMoved).toBe(1);
    // The copy is in the data folder, byte for byte the download, and private to this user.
    expect(result.savedTo && path.dirname(result.savedTo)).toBe(path.join(dataDir, 'moved-bundles'));
    expect(fs.readFileSync(result.savedTo!).equals(bytes)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(result.savedTo!).mode & 0o077).toBe(0);
    // The download never arrived: the kept copy alone brings the connection back to life elsewhere.
    const { result: imported } = await importAll(b, fs.readFileSync(result.savedTo!));
    expect(imported.connections).toBe(1);
    await valueOf(b, 'connections.refresh', { id: connection.id });
    expect((await valueOf<Connection>(b, 'connections.get', { id: connection.id })).status).toBe('connected');
    // A second move names a new copy: an earlier one is never replaced.
    await h.connect(BOB);
    const second = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'move' });
    expect(second.result.savedTo).not.toBe(result.savedTo);
    expect(fs.readdirSync(path.join(dataDir, 'moved-bundles'))).toHaveLength(2);
    // A configuration-only download takes nothing away, so nothing is kept.
    const config = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'configuration' });
    expect(config.result.savedTo).toBeUndefined();
  });

  it('moves nothing by download when the copy cannot be kept on this machine', async () => {
    const { h } = await start();
    const { connection } = await h.connect();
    const { dataDir } = await h.value<{ dataDir: string }>('app.info');
    fs.writeFileSync(path.join(dataDir, 'moved-bundles'), 'not a folder');
    const failed = await callCore(h.core, 'bundle.export', {
      integrationIds: [h.integrationId],
      mode: 'move',
      passphrase: PASSPHRASE,
      confirmPassphrase: PASSPHRASE,
      operationId: 'op-export',
      delivery: 'download',
    });
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.message).toMatch(/could not be written on this computer .*Nothing was moved/);
    expect((await h.value<Connection>('connections.get', { id: connection.id })).status).toBe('connected');
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeTruthy();
  });

  it('says before confirming how many connections a move takes away', async () => {
    const { h } = await start();
    await h.connect();
    const plan = await callCore<{ movableConnections: number }>(h.core, 'bundle.plan', { integrationIds: [h.integrationId], mode: 'move' });
    expect(plan.ok && plan.value.movableConnections).toBe(1);
  });
});
