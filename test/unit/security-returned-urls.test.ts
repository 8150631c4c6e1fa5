import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, FlowUpdate } from '../../preload/contract/connection-models.js';
import { checkReturnedUrl } from '../../main/core/security/provider-returned-url.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Issue 13, acceptance 4: a URL the provider hands back (`instance_url`) passes the provider-URL rule
 * (and, for Salesforce, a Salesforce domain) before any token goes to it, at sign-in and at refresh.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const HOUR = 3600_000;

/** Records every host the core's fetch was asked to reach; refuses (without sending) anything off loopback. */
function loopbackOnly(hosts: string[]) {
  return (next: typeof fetch): typeof fetch =>
    async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      hosts.push(url.hostname);
      if (url.hostname !== '127.0.0.1') throw new TypeError('fetch failed (test: off-loopback traffic refused)');
      return next(input, init);
    };
}

describe('a token response naming http://10.0.0.5 as its instance URL', () => {
  it('is refused at sign-in, the connection is not saved, and nothing is sent to 10.0.0.5', async () => {
    const hosts: string[] = [];
    h = await createHarness({ fetch: loopbackOnly(hosts) });
    h.fixture.setInstanceUrl('http://10.0.0.5');
    const { flow, redirectUrl } = await h.begin(ALICE);
    await h.deliver(redirectUrl);
    const update = h.lastFlowUpdate(flow.flowId) as FlowUpdate;
    expect(update.state).toBe('failed');
    expect(update.message).toMatch(/instance URL .* not send tokens to \(it is not https\)/);
    expect(await h.value<Connection[]>('connections.list', { integrationId: h.integrationId })).toEqual([]);
    expect(hosts).not.toContain('10.0.0.5');
  });

  it('is refused at refresh: the connection keeps its host', async () => {
    const hosts: string[] = [];
    h = await createHarness({ fetch: loopbackOnly(hosts) });
    const { connection } = await h.connect(ALICE);
    h.fixture.setInstanceUrl('http://10.0.0.5');
    h.clock.advance(HOUR);
    await expect(h.core.connections.credentialsFor(connection.id)).rejects.toThrow(/instance URL/);
    const after = await h.value<Connection>('connections.get', { id: connection.id });
    expect(after.instanceUrl).toBe(h.fixture.issuer);
    expect(hosts).not.toContain('10.0.0.5');
  });
});

describe('the returned-URL rule', () => {
  const salesforce = { providerUrl: 'https://login.salesforce.com', kind: 'salesforce' as const };
  const myDomain = { providerUrl: 'https://acme.my.example.org', kind: 'salesforce' as const };
  const loopback = { providerUrl: 'http://127.0.0.1:4000', kind: 'salesforce' as const };
  const generic = { providerUrl: 'https://idp.example.com', kind: 'generic' as const };

  it.each([
    ['https://na139.salesforce.com', salesforce],
    ['https://acme.my.salesforce.com/', salesforce],
    ['https://acme--dev.sandbox.my.salesforce.com', salesforce],
    ['https://acme.lightning.force.com', salesforce],
    ['https://agency.my.salesforce.mil', salesforce],
    ['https://x.cloudforce.com', salesforce],
    ['https://api.my.example.org', myDomain],
    ['http://127.0.0.1:4000', loopback],
    ['http://localhost:4001', loopback],
    ['https://api.elsewhere.example', generic],
  ])('accepts %s', (url, context) => {
    expect(checkReturnedUrl(url, context).ok).toBe(true);
  });

  it.each([
    ['http://10.0.0.5', salesforce],
    ['http://10.0.0.5', loopback],
    ['https://10.0.0.5', loopback],
    ['https://evil.example', salesforce],
    ['https://salesforce.com.evil.example', salesforce],
    ['https://evilsalesforce.com', salesforce],
    ['http://na1.salesforce.com', salesforce],
    ['http://127.0.0.1:4000', salesforce],
    ['https://user:pw@na1.salesforce.com', salesforce],
    ['javascript:alert(1)', salesforce],
    ['ftp://na1.salesforce.com', salesforce],
    ['', salesforce],
    [42, salesforce],
    ['https://example.org', myDomain],
    ['http://idp.example.com', generic],
  ])('refuses %s', (url, context) => {
    expect(checkReturnedUrl(url, context).ok).toBe(false);
  });
});
