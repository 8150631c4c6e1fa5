import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../preload/contract/channels.js';
import type { ChannelName } from '../../preload/contract/types.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const MARKER = 'MARKER-s3cr3t-7f1d2c9e';
const MARKER_2 = 'MARKER-r0tat3d-4b8a11';

let fixture: OidcFixture;
let core: TestCore;
const transcript: string[] = [];

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? allFiles(full) : [full];
  });
}

beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce', clients: [{ clientId: 'leak-client', clientSecret: MARKER }] });
  core = await createTestCore();
  core.events.subscribeAll((name, payload) => transcript.push(`event ${name} ${JSON.stringify(payload)}`));
});
afterAll(async () => {
  await core?.dispose();
  await fixture?.stop();
});

describe('the client secret never leaks', () => {
  it('appears in no response, event, log line or data file, whatever the UI calls', async () => {
    const called = new Set<ChannelName>();
    const call = async (channel: ChannelName, payload?: unknown) => {
      called.add(channel);
      const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
      transcript.push(`${channel} ${JSON.stringify(result)}`);
      return result;
    };
    const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      return r.value as T;
    };

    const offering = value<{ id: string }>(
      await call('offerings.create', {
        name: 'Local', kind: 'salesforce', environment: 'sandbox', loginUrl: fixture.issuer,
        requiredScopes: ['api', 'refresh_token'], optionalScopes: ['web'],
      }),
    );
    await call('offerings.update', { id: offering.id, name: 'Local SF' });
    await call('offerings.list');
    const spare = value<{ id: string }>(
      await call('offerings.create', { name: 'Spare', kind: 'generic', environment: 'production', issuer: fixture.issuer, requiredScopes: ['openid'], optionalScopes: [] }),
    );
    await call('offerings.setEnabled', { id: spare.id, enabled: false });
    await call('offerings.delete', { id: spare.id });

    const integration = value<{ id: string }>(
      await call('integrations.create', { name: 'Leaky?', offeringId: offering.id, clientId: 'leak-client', clientSecret: MARKER, scopes: ['web'] }),
    );
    // A failed create that carries the secret must not echo it either.
    await call('integrations.create', { name: 'Leaky?', offeringId: offering.id, clientId: 'x', clientSecret: MARKER, scopes: ['nope'] });
    await call('integrations.list');
    await call('integrations.list', { search: 'leak', status: 'draft' });
    await call('integrations.get', { id: integration.id });
    await call('integrations.verify', { id: integration.id });
    await call('integrations.update', { id: integration.id, name: 'Still fine', scopes: ['api', 'refresh_token'] });
    await call('integrations.replaceSecret', { id: integration.id, clientSecret: MARKER_2 });
    await call('integrations.verify', { id: integration.id });
    await call('integrations.activity', { id: integration.id });
    await call('app.info');
    await call('security.status');
    await call('security.acceptWeakProtection');
    await call('security.setPassphrase', { passphrase: 'short' });
    await call('security.unlock', { passphrase: 'not-the-passphrase' });
    const doomed = value<{ id: string }>(
      await call('integrations.create', { name: 'Doomed', offeringId: offering.id, clientId: 'd', clientSecret: MARKER, scopes: [] }),
    );
    await call('integrations.delete', { id: doomed.id });

    // Every channel of the contract was exercised (a new channel must be added to this test).
    expect([...Object.keys(channels)].filter((c) => !called.has(c as ChannelName))).toEqual([]);

    const haystacks: Array<[string, string]> = [
      ['responses and events', transcript.join('\n')],
      ['log output', core.logOutput()],
      ...allFiles(core.dataDir).map((file): [string, string] => [path.relative(core.dataDir, file), fs.readFileSync(file).toString("latin1")]),
    ];
    expect(haystacks.length).toBeGreaterThan(5);
    for (const [where, text] of haystacks) {
      for (const marker of [MARKER, MARKER_2]) {
        expect(text.includes(marker), `${marker} found in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(marker).toString('base64')), `base64 of ${marker} found in ${where}`).toBe(false);
      }
    }
  });
});
