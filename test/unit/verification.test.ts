import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let fixture: OidcFixture;
let core: TestCore;

beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
afterAll(async () => fixture?.stop());
afterEach(async () => core?.dispose());

const call = async <T = Record<string, unknown>>(channel: string, payload?: unknown): Promise<T> => {
  const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
  if (!result.ok) throw new Error(`${channel}: ${result.code} ${result.message}`);
  return result.value as T;
};

async function integrationFor(loginUrl: string, secret: string) {
  const offering = await call<{ id: string }>('offerings.create', {
    name: 'Local Salesforce', kind: 'salesforce', environment: 'production', loginUrl,
    requiredScopes: ['api', 'refresh_token'], optionalScopes: ['web', 'openid'],
  });
  const client = fixture.clients[0]!;
  return call<{ id: string; status: string }>('integrations.create', {
    name: 'Acme', offeringId: offering.id, clientId: client.clientId, clientSecret: secret, scopes: [],
  });
}

type Verified = { integration: { status: string; verification: { outcome: string; message: string } }; verification: { outcome: string; message: string } };

describe('verifying credentials against a real OAuth provider', () => {
  it('moves an integration with the right secret to configured', async () => {
    core = await createTestCore();
    const created = await integrationFor(fixture.issuer, fixture.clients[0]!.clientSecret);
    expect(created.status).toBe('draft');
    const result = await call<Verified>('integrations.verify', { id: created.id });
    expect(result.verification.outcome).toBe('passed');
    expect(result.integration.status).toBe('configured');
  });

  it('leaves a wrong secret in draft with "credentials rejected"', async () => {
    core = await createTestCore();
    const created = await integrationFor(fixture.issuer, 'not-the-secret');
    const result = await call<Verified>('integrations.verify', { id: created.id });
    expect(result.integration.status).toBe('draft');
    expect(result.verification.outcome).toBe('rejected');
    expect(result.verification.message).toMatch(/^Credentials rejected/);
  });

  it('leaves it in draft with "could not reach the provider" when the provider is down', async () => {
    core = await createTestCore();
    const stopped = await startOidcFixture({ shape: 'salesforce' });
    const issuer = stopped.issuer;
    await stopped.stop();
    const created = await integrationFor(issuer, 'whatever');
    const result = await call<Verified>('integrations.verify', { id: created.id });
    expect(result.integration.status).toBe('draft');
    expect(result.verification.outcome).toBe('unreachable');
    expect(result.verification.message).toMatch(/Could not reach the provider/);
  });

  it('returns a configured integration to draft when its secret is replaced or its Client ID changes', async () => {
    core = await createTestCore();
    const created = await integrationFor(fixture.issuer, fixture.clients[0]!.clientSecret);
    await call('integrations.verify', { id: created.id });
    const replaced = await call<{ status: string }>('integrations.replaceSecret', { id: created.id, clientSecret: fixture.clients[0]!.clientSecret });
    expect(replaced.status).toBe('draft');
    expect((await call<Verified>('integrations.verify', { id: created.id })).integration.status).toBe('configured');
    const changed = await call<{ status: string }>('integrations.update', { id: created.id, clientId: 'another-client' });
    expect(changed.status).toBe('draft');
    // One entry per action, each carrying the status change it caused (newest first).
    const activity = await call<Array<{ kind: string; changes?: Array<{ field: string; from?: string; to?: string }> }>>('integrations.activity', { id: created.id });
    const statusChanges = activity.flatMap((a) => (a.changes ?? []).filter((c) => c.field === 'Status').map((c) => `${a.kind}: ${c.from} → ${c.to}`));
    expect(statusChanges).toEqual([
      'edited: configured → draft',
      'verification-passed: draft → configured',
      'secret-replaced: configured → draft',
      'verification-passed: draft → configured',
    ]);
    expect(activity.filter((a) => a.kind === 'status-changed')).toEqual([]);
  });
});
