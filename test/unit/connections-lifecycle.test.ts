import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallbackTest, Connection, DeskSettings, HealthReport, StatusSummary } from '../../preload/contract/connection-models.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

let h: Harness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await h?.stop();
  h = undefined;
});

const get = (harness: Harness, id: string) => harness.value<Connection>('connections.get', { id });
const latestTokens = (harness: Harness) => harness.tokenResponses.at(-1)!;

describe('revoke and delete', () => {
  it('revokes at the provider (introspection then says inactive) and shows revoked with the answer', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const { access_token: accessToken, refresh_token: refreshToken } = latestTokens(h) as { access_token: string; refresh_token: string };
    expect((await h.fixture.introspect(refreshToken)).active).toBe(true);
    const revoked = await h.value<Connection>('connections.revoke', { id: connection.id });
    expect(revoked).toMatchObject({ status: 'revoked', revocation: { outcome: 'revoked', httpStatus: 200 } });
    expect(revoked.expiresAt).toBeUndefined();
    expect((await h.fixture.introspect(refreshToken)).active).toBe(false);
    expect((await h.fixture.introspect(accessToken)).active).toBe(false);
    expect(await h.value('connections.refresh', { id: connection.id }).catch((e: Error) => e.message)).toContain('CONFLICT');
  });

  it('changes nothing when the provider cannot be reached to revoke', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.fixture.stop();
    expect(await h.call('connections.revoke', { id: connection.id })).toMatchObject({ ok: false, code: 'UNREACHABLE' });
    expect(await get(h, connection.id)).toMatchObject({ status: 'connected' });
  });

  it('deletes by revoking first, keeping a tombstone shown only under its filter', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const refreshToken = latestTokens(h).refresh_token as string;
    const deleted = await h.value<Connection>('connections.delete', { id: connection.id });
    expect(deleted).toMatchObject({ status: 'deleted', deletedAt: expect.any(String), revocation: { outcome: 'revoked' } });
    expect((await h.fixture.introspect(refreshToken)).active).toBe(false);
    expect(await h.value('connections.list', { integrationId: h.integrationId })).toEqual([]);
    expect(await h.value('connections.list', { integrationId: h.integrationId, status: 'deleted' })).toMatchObject([{ id: connection.id }]);
  });

  it('revokes every connection before an integration is deleted', async () => {
    h = await createHarness();
    await h.connect(ALICE);
    const aliceToken = latestTokens(h).refresh_token as string;
    await h.connect(BOB);
    const bobToken = latestTokens(h).refresh_token as string;
    expect(await h.value('integrations.delete', { id: h.integrationId })).toEqual({ id: h.integrationId });
    expect((await h.fixture.introspect(aliceToken)).active).toBe(false);
    expect((await h.fixture.introspect(bobToken)).active).toBe(false);
    expect(await h.call('connections.list', { integrationId: h.integrationId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await h.value('connections.list')).toEqual([]);
  });

  it('keeps an integration whose live connections could not be revoked', async () => {
    h = await createHarness();
    await h.connect(ALICE);
    await h.fixture.stop();
    expect(await h.call('integrations.delete', { id: h.integrationId })).toMatchObject({ ok: false, code: 'UNREACHABLE' });
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ connectionCount: 1 });
  });
});

describe('the health ladder', () => {
  it('passes every step on a healthy connection, with latencies', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const report = await h.value<HealthReport>('connections.test', { id: connection.id });
    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.step, s.result])).toEqual([
      ['vault', 'passed'],
      ['token', 'passed'],
      ['identity', 'passed'],
      ['scopes', 'passed'],
    ]);
    for (const step of report.steps) expect(step.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('stops at the refresh token the provider no longer accepts, and marks the connection expired', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.fixture.revokeUser('alice@acme.test');
    const report = await h.value<HealthReport>('connections.test', { id: connection.id });
    expect(report.passed).toBe(false);
    expect(report.steps.map((s) => s.result)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
    expect(await get(h, connection.id)).toMatchObject({ status: 'expired' });
  });

  it('works against a plain OIDC provider too (userinfo)', async () => {
    h = await createHarness({ shape: 'oidc' });
    const { connection } = await h.connect(ALICE);
    const report = await h.value<HealthReport>('connections.test', { id: connection.id });
    expect(report.steps.map((s) => s.result)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });
});

describe('status summary', () => {
  it('counts by status and lists what needs attention', async () => {
    h = await createHarness();
    const alice = await h.connect(ALICE);
    const bob = await h.connect(BOB);
    expect(await h.value<StatusSummary>('status.summary')).toMatchObject({
      level: 'ok',
      counts: { connected: 2, expired: 0, revoked: 0, deleted: 0 },
      integrations: { total: 1, configured: 1, draft: 0 },
      nextExpiry: { integrationId: h.integrationId, source: 'introspected' },
    });
    await h.fixture.revokeUser('bob@globex.test');
    await h.call('connections.refresh', { id: bob.connection.id });
    const summary = await h.value<StatusSummary>('status.summary');
    expect(summary).toMatchObject({
      level: 'attention',
      counts: { connected: 1, expired: 1 },
      attention: { connections: [{ id: bob.connection.id, userEmail: 'bob@globex.test', integrationName: 'Fixture Production', status: 'expired' }], integrations: [] },
      nextExpiry: { connectionId: alice.connection.id },
    });
  });
});

describe('filters', () => {
  it('filters by status, environment and email', async () => {
    h = await createHarness();
    await h.connect(ALICE);
    await h.connect(BOB);
    const list = (filter: object) => h!.value<Connection[]>('connections.list', { integrationId: h!.integrationId, ...filter });
    expect((await list({ search: 'ALICE@' })).map((c) => c.userEmail)).toEqual(['alice@acme.test']);
    expect(await list({ environment: 'sandbox' })).toEqual([]);
    expect(await list({ status: 'connected' })).toHaveLength(2);
    expect(await list({ status: 'expired' })).toEqual([]);
  });
});

describe('settings', () => {
  it('has the defaults: the Callback URL host follows the provider, and Settings may override it everywhere', async () => {
    h = await createHarness();
    const port = h.callbackPort;
    expect(await h.value<DeskSettings>('settings.get')).toEqual({
      callbackHost: 'auto',
      callbackPort: port,
      callbackPortFromEnv: true,
      callbackUrl: `http://localhost:${port}/oauth/callback/<integration id>`,
      callbackUrls: {
        salesforce: `http://localhost:${port}/oauth/callback/<integration id>`,
        generic: `http://127.0.0.1:${port}/oauth/callback/<integration id>`,
      },
      assumedTokenLifetimeMinutes: 120,
      keepAliveMinutes: 720,
    });
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ callbackUrl: `http://localhost:${port}/oauth/callback/${h.integrationId}` });
    const updated = await h.value<DeskSettings>('settings.update', { callbackHost: '127.0.0.1', keepAliveMinutes: 0 });
    expect(updated).toMatchObject({ callbackHost: '127.0.0.1', callbackUrl: `http://127.0.0.1:${port}/oauth/callback/<integration id>`, keepAliveMinutes: 0 });
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ callbackUrl: `http://127.0.0.1:${port}/oauth/callback/${h.integrationId}` });
    expect(h.events.some((e) => e.name === 'settings.changed')).toBe(true);
    expect(await h.value<DeskSettings>('settings.update', { callbackHost: 'auto' })).toMatchObject({ callbackHost: 'auto' });
  });

  it('refuses out-of-range values with a message per field', async () => {
    h = await createHarness();
    expect(await h.call('settings.update', { callbackPort: 80, keepAliveMinutes: 5 })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fields: { callbackPort: 'Use a port from 1024 to 65535', keepAliveMinutes: 'Use at least 15 minutes, or 0 to turn keep-alive off' },
    });
  });

  it('tests the callback port: free, then taken by another listener (and by whom, where the OS tells)', async () => {
    h = await createHarness();
    expect(await h.value<CallbackTest>('settings.testCallback')).toMatchObject({ free: true, callbackUrl: `http://localhost:${h.callbackPort}/oauth/callback/<integration id>` });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(h!.callbackPort, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const taken = await h.value<CallbackTest>('settings.testCallback');
    expect(taken).toMatchObject({ free: false, message: expect.stringContaining(`port ${h.callbackPort}`) });
    if (process.platform === 'linux') expect(taken.owner?.pid).toBe(process.pid);
  });

  it('says a waiting sign-in holds the port', async () => {
    h = await createHarness();
    await h.value('connections.start', { integrationId: h.integrationId });
    expect(await h.value<CallbackTest>('settings.testCallback')).toMatchObject({ free: false, message: expect.stringContaining('a sign-in is waiting') });
  });
});
