import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
afterEach(async () => core?.dispose());
const call = (channel: string, payload?: unknown) => dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
const valid = { name: 'Salesforce Production', offeringId: 'salesforce-production', clientId: '3MVG9-consumer-key', clientSecret: 'consumer-secret', scopes: ['api', 'refresh_token'] };

async function create(overrides: Record<string, unknown> = {}) {
  const result = await call('integrations.create', { ...valid, ...overrides });
  if (!result.ok) throw new Error(result.message);
  return result.value as { id: string; status: string; scopes: string[]; secret: { set: boolean; lastReplacedAt?: string }; callbackUrl: string };
}

describe('integration validation', () => {
  it('reports every missing field of an empty form, one message each', async () => {
    core = await createTestCore();
    const result = await call('integrations.create', { name: '', offeringId: '', clientId: '', clientSecret: '', scopes: [] });
    expect(result).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fields: {
        name: 'Integration Name is required',
        offeringId: 'Choose an Integration Offering',
        clientId: 'Client ID is required',
        clientSecret: 'Client Secret is required',
      },
    });
  });

  it('limits the name to 100 characters', async () => {
    core = await createTestCore();
    expect(await call('integrations.create', { ...valid, name: 'x'.repeat(101) })).toMatchObject({
      ok: false, fields: { name: 'Integration Name must be at most 100 characters' },
    });
    expect((await call('integrations.create', { ...valid, name: 'x'.repeat(100) })).ok).toBe(true);
  });

  it('refuses a duplicate name, whatever its case', async () => {
    core = await createTestCore();
    await create();
    expect(await call('integrations.create', { ...valid, name: 'salesforce production' })).toMatchObject({
      ok: false, fields: { name: 'An integration named "salesforce production" already exists' },
    });
  });

  it('refuses an offering that does not exist', async () => {
    core = await createTestCore();
    expect(await call('integrations.create', { ...valid, offeringId: 'nope' })).toMatchObject({ ok: false, fields: { offeringId: 'Choose an Integration Offering' } });
  });

  it('trims the Client ID and refuses a blank one', async () => {
    core = await createTestCore();
    expect(await call('integrations.create', { ...valid, clientId: '   ' })).toMatchObject({ ok: false, fields: { clientId: 'Client ID is required' } });
    const created = await call('integrations.create', { ...valid, clientId: '  key  ' });
    expect(created).toMatchObject({ ok: true, value: { clientId: 'key' } });
  });

  it('always keeps the required scopes and accepts only scopes the offering knows', async () => {
    core = await createTestCore();
    const created = await create({ scopes: ['web'] });
    expect(created.scopes).toEqual(['api', 'refresh_token', 'web']);
    expect(await call('integrations.create', { ...valid, name: 'Other', scopes: ['api', 'full'] })).toMatchObject({
      ok: false, fields: { scopes: 'Salesforce (production) does not offer the scope full' },
    });
    const updated = await call('integrations.update', { id: created.id, scopes: ['openid'] });
    expect(updated).toMatchObject({ ok: true, value: { scopes: ['api', 'refresh_token', 'openid'] } });
  });

  it('starts as a draft with the secret set, and shows the exact Callback URL', async () => {
    core = await createTestCore();
    const created = await create();
    expect(created.status).toBe('draft');
    expect(created.secret.set).toBe(true);
    expect(created.secret.lastReplacedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Its own path, on localhost: the create form used Salesforce (production), whose Setup refuses http on 127.0.0.1.
    expect(created.callbackUrl).toBe(`http://localhost:47999/oauth/callback/${created.id}`);
  });

  it('refuses to start a connection for a draft integration', async () => {
    core = await createTestCore();
    const created = await create();
    const result = await call('connections.start', { integrationId: created.id });
    expect(result).toEqual({
      ok: false,
      code: 'NOT_CONFIGURED',
      message: '"Salesforce Production" is a draft: verify its credentials before creating connections.',
    });
  });

  it('records its activity, newest first, and deletes cleanly', async () => {
    core = await createTestCore();
    const created = await create();
    await call('integrations.update', { id: created.id, name: 'Renamed' });
    await call('integrations.replaceSecret', { id: created.id, clientSecret: 'another' });
    const activity = await call('integrations.activity', { id: created.id });
    if (!activity.ok) throw new Error(activity.message);
    expect((activity.value as Array<{ kind: string }>).map((a) => a.kind)).toEqual(['secret-replaced', 'edited', 'created']);
    expect(await call('integrations.delete', { id: created.id })).toEqual({ ok: true, value: { id: created.id } });
    expect(await call('integrations.get', { id: created.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
