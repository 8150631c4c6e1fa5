import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../preload/contract/channels.js';
import type { Result } from '../../preload/contract/result.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

const MARKER = 'MARKER-s3cr3t-7f1d2c9e';
const MARKER_2 = 'MARKER-r0tat3d-4b8a11';

let h: Harness;
const transcript: string[] = [];
const called = new Set<string>();
/** Secrets added by a section of the test (the bundle passphrase). */
const secretsAlso: string[] = [];

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? allFiles(full) : [full];
  });
}

async function call(channel: string, payload?: unknown): Promise<Result<unknown>> {
  called.add(channel);
  const result = await h.call(channel, payload);
  transcript.push(`${channel} ${JSON.stringify(result)}`);
  return result;
}
async function value<T>(channel: string, payload?: unknown): Promise<T> {
  const result = await call(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.code} ${result.message}`);
  return result.value as T;
}

beforeAll(async () => {
  h = await createHarness({ fixture: { clients: [{ clientId: 'leak-client', clientSecret: MARKER }] }, core: { bundleScryptWorkFactor: 10 } });
});
afterAll(async () => h?.stop());

describe('secrets never leak', () => {
  it('the client secret and the tokens appear in no response, event, log line or data file, whatever the UI calls', async () => {
    const integrationId = h.integrationId;

    // Offerings.
    const spare = await value<{ id: string }>('offerings.create', {
      name: 'Spare', kind: 'generic', environment: 'production', issuer: h.fixture.issuer, requiredScopes: ['openid'], optionalScopes: [],
    });
    await call('offerings.update', { id: spare.id, name: 'Spare 2' });
    await call('offerings.setEnabled', { id: spare.id, enabled: false });
    await call('offerings.delete', { id: spare.id });
    await call('offerings.list');

    // Integrations, including a failed create that carries the secret.
    await call('integrations.create', { name: 'Fixture Production', offeringId: 'salesforce-production', clientId: 'x', clientSecret: MARKER, scopes: ['nope'] });
    await call('integrations.list');
    await call('integrations.list', { search: 'fixture', status: 'configured' });
    await call('integrations.firstPage');
    await call('integrations.get', { id: integrationId });
    await call('integrations.update', { id: integrationId, name: 'Renamed' });
    await call('integrations.activity', { id: integrationId });
    await call('preferences.get');
    await call('preferences.dismissNotice', { notice: 'vault-advisory:key-file' });

    // Connections: a real sign-in through the provider's pages and the loopback listener.
    const { connection } = await h.connect(ALICE);
    called.add('connections.start');
    await call('connections.list', { integrationId });
    await call('connections.get', { id: connection.id });
    // A reauthorization that returns another user is held: one added as a connection, one discarded.
    for (const channel of ['connections.addHeldSignIn', 'connections.discardHeldSignIn']) {
      const held = await h.begin(BOB, { connectionId: connection.id });
      await h.deliver(held.redirectUrl);
      await call(channel, { flowId: held.flow.flowId });
    }
    await call('settings.callbackPreview', { offeringId: 'salesforce-production' });
    await call('integrations.fixCallbackUrl', { id: integrationId });
    await call('connections.refresh', { id: connection.id });
    await call('connections.test', { id: connection.id });
    await call('status.summary');
    await call('status.headline');
    const flow = await value<{ flowId: string }>('connections.start', { integrationId });
    await call('connections.completeManually', { flowId: flow.flowId, redirectUrl: 'http://127.0.0.1:1/oauth/callback?code=forged&state=forged' });
    const flow2 = await value<{ flowId: string }>('connections.start', { integrationId });
    await call('connections.cancel', { flowId: flow2.flowId });
    await call('settings.get');
    await call('settings.update', { assumedTokenLifetimeMinutes: 90 });
    await call('settings.testCallback');
    await call('connections.revoke', { id: connection.id });
    await call('connections.delete', { id: connection.id });

    // API keys and the local API (a key's own value is scanned for by api-key-leak.test.ts).
    const apiKey = await value<{ key: { id: string } }>('apiKeys.create', { integrationId, name: 'Leak check' });
    await call('apiKeys.list', { integrationId });
    await call('apiKeys.revoke', { id: apiKey.key.id });
    await call('localApi.status');
    await call('localApi.setEnabled', { enabled: false });
    await call('localApi.setRateLimit', { perMinute: 100 });

    // Secret rotation and verification, security posture.
    await call('integrations.replaceSecret', { id: integrationId, clientSecret: MARKER_2 });
    await call('integrations.verify', { id: integrationId });
    await call('app.info');
    await call('security.status');
    await call('security.acceptWeakProtection');
    await call('security.setPassphrase', { passphrase: 'short' });
    await call('security.unlock', { passphrase: 'not-the-passphrase' });
    await call('security.reencrypt');
    // The audit trail, after everything above was recorded in it.
    await call('activity.list', { integrationId });
    await call('activity.list', { integrationId, category: 'credentials', limit: 200 });

    // Workspace bundles (issue 16): the download is ciphertext; the passphrase goes in and never out.
    const bundlePassphrase = 'MARKER-b4ndl3-pass-93ad';
    secretsAlso.push(bundlePassphrase);
    await call('bundle.plan', { integrationIds: [integrationId], mode: 'move' });
    const bundle = await value<{ download: string }>('bundle.export', { integrationIds: [], mode: 'move', passphrase: bundlePassphrase, confirmPassphrase: bundlePassphrase, operationId: 'op', delivery: 'download' });
    await call('bundle.export', { integrationIds: [], mode: 'configuration', passphrase: bundlePassphrase, confirmPassphrase: 'mismatch', operationId: 'op', delivery: 'download' });
    await call('bundle.preview', { source: { upload: { fileName: 'b.deskbundle', data: bundle.download } }, passphrase: 'wrong passphrase', operationId: 'op' });
    const preview = await value<{ previewId: string; integrations: Array<{ bundleId: string }> }>('bundle.preview', { source: { upload: { fileName: 'b.deskbundle', data: bundle.download } }, passphrase: bundlePassphrase, operationId: 'op' });
    await call('bundle.apply', { previewId: preview.previewId, choices: Object.fromEntries(preview.integrations.map((i) => [i.bundleId, 'keep-both'])), applySettings: true, operationId: 'op' });
    await call('bundle.discard', { previewId: preview.previewId });
    await call('bundle.pickFile'); // browser mode: refused (uploads instead)
    await call('bundle.pickBackupFolder');
    await call('bundle.configureBackups', { enabled: true, folder: path.join(h.core.dataDir, 'backups'), keep: 2, passphrase: bundlePassphrase, confirmPassphrase: bundlePassphrase });
    await call('bundle.backupNow');
    await call('bundle.backups');

    await call('integrations.delete', { id: integrationId });

    const tokens = h.tokenResponses.flatMap((r) => [r.access_token, r.refresh_token, r.id_token]).filter((t): t is string => typeof t === 'string');
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const secrets = [MARKER, MARKER_2, ...tokens, ...secretsAlso];
    const haystacks: Array<[string, string]> = [
      ['responses', transcript.join('\n')],
      ['events', JSON.stringify(h.events)],
      ['log output', h.core.logOutput()],
      // What the OS shows: the tray's menu, tooltip and icon state.
      ['tray model', JSON.stringify(h.core.status.model())],
      ...allFiles(h.core.dataDir).map((file): [string, string] => [path.relative(h.core.dataDir, file), fs.readFileSync(file).toString('latin1')]),
    ];
    expect(haystacks.length).toBeGreaterThan(8);
    for (const [where, text] of haystacks) {
      for (const secret of secrets) {
        const label = secret.startsWith('MARKER') ? secret : 'a token';
        expect(text.includes(secret), `${label} found in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(secret).toString('base64')), `base64 of ${label} found in ${where}`).toBe(false);
      }
    }

    // Every channel of the contract was exercised (a new channel must be added to this test).
    expect(Object.keys(channels).filter((c) => !called.has(c))).toEqual([]);
  });
});
