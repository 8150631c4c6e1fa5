import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { salesforceEndpoints } from '../../main/core/domain/offerings/salesforce-endpoints.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
afterEach(async () => core?.dispose());
const call = (channel: string, payload?: unknown) => dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);

const generic = {
  name: 'Local OIDC',
  kind: 'generic',
  environment: 'production',
  issuer: 'http://127.0.0.1:9999',
  requiredScopes: ['openid'],
  optionalScopes: ['email'],
};

describe('offerings', () => {
  it('start with Salesforce production and sandbox, with their login hosts and scopes', async () => {
    core = await createTestCore();
    const result = await call('offerings.list');
    if (!result.ok) throw new Error(result.message);
    const offerings = result.value as Array<Record<string, unknown>>;
    expect(offerings.map((o) => [o.name, o.loginUrl, o.environment, o.requiredScopes, o.optionalScopes])).toEqual([
      ['Salesforce (production)', 'https://login.salesforce.com', 'production', ['api', 'refresh_token'], ['web', 'openid']],
      ['Salesforce (sandbox)', 'https://test.salesforce.com', 'sandbox', ['api', 'refresh_token'], ['web', 'openid']],
    ]);
    expect(offerings[0]!.endpoints).toEqual({
      authorization: 'https://login.salesforce.com/services/oauth2/authorize',
      token: 'https://login.salesforce.com/services/oauth2/token',
      revocation: 'https://login.salesforce.com/services/oauth2/revoke',
      userinfo: 'https://login.salesforce.com/services/oauth2/userinfo',
      introspection: 'https://login.salesforce.com/services/oauth2/introspect',
    });
    expect((offerings[1]!.endpoints as { token: string }).token).toBe('https://test.salesforce.com/services/oauth2/token');
  });

  it('derive My Domain endpoints from the login host', () => {
    expect(salesforceEndpoints('https://acme.my.salesforce.com/some/path').authorization).toBe(
      'https://acme.my.salesforce.com/services/oauth2/authorize',
    );
  });

  it('accept a Salesforce My Domain offering', async () => {
    core = await createTestCore();
    const result = await call('offerings.create', {
      name: 'Acme (My Domain)', kind: 'salesforce', environment: 'production', loginUrl: 'https://acme.my.salesforce.com',
      requiredScopes: ['api', 'refresh_token'], optionalScopes: ['web'],
    });
    expect(result).toMatchObject({ ok: true, value: { builtIn: false, enabled: true, loginUrl: 'https://acme.my.salesforce.com' } });
  });

  it('refuse http URLs except for loopback hosts', async () => {
    core = await createTestCore();
    const bad = await call('offerings.create', { ...generic, issuer: 'http://idp.example.com' });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', fields: { issuer: 'Issuer must use https:// (http:// is allowed only for 127.0.0.1, [::1] or localhost)' } });
    for (const host of ['127.0.0.1:9', '[::1]:9', 'localhost:9']) {
      const okResult = await call('offerings.create', { ...generic, name: `Local ${host}`, issuer: `http://${host}` });
      expect(okResult.ok).toBe(true);
    }
  });

  it('require a login URL for Salesforce and an issuer or endpoints for a generic provider', async () => {
    core = await createTestCore();
    expect(await call('offerings.create', { ...generic, kind: 'salesforce', issuer: undefined })).toMatchObject({
      ok: false, fields: { loginUrl: 'Login URL is required' },
    });
    expect(await call('offerings.create', { ...generic, issuer: undefined })).toMatchObject({ ok: false, fields: { issuer: 'Issuer is required' } });
    expect(
      await call('offerings.create', { ...generic, issuer: undefined, endpoints: { authorization: 'https://idp.example.com/authorize', token: '' } }),
    ).toMatchObject({ ok: false, fields: { 'endpoints.token': 'Token endpoint is required' } });
  });

  it('refuse a scope that is both required and optional, and a duplicate name', async () => {
    core = await createTestCore();
    expect(await call('offerings.create', { ...generic, optionalScopes: ['openid'] })).toMatchObject({
      ok: false, fields: { optionalScopes: 'A scope cannot be both required and optional: openid' },
    });
    expect(await call('offerings.create', { ...generic, name: 'salesforce (PRODUCTION)' })).toMatchObject({
      ok: false, fields: { name: 'An offering named "salesforce (PRODUCTION)" already exists' },
    });
  });

  it('can disable an offering in use but not delete it; built-ins cannot be deleted', async () => {
    core = await createTestCore();
    const created = await call('offerings.create', generic);
    if (!created.ok) throw new Error(created.message);
    const id = (created.value as { id: string }).id;
    const integration = await call('integrations.create', { name: 'Uses it', offeringId: id, clientId: 'c', clientSecret: 's', scopes: [] });
    expect(integration.ok).toBe(true);
    expect(await call('offerings.delete', { id })).toMatchObject({ ok: false, code: 'CONFLICT', message: 'This offering is used by 1 integration: disable it instead.' });
    expect(await call('offerings.setEnabled', { id, enabled: false })).toMatchObject({ ok: true, value: { enabled: false, integrationCount: 1 } });
    expect(await call('offerings.delete', { id: 'salesforce-production' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('switch a generic offering from discovery to explicit endpoints, dropping the issuer', async () => {
    core = await createTestCore();
    const created = await call('offerings.create', generic);
    if (!created.ok) throw new Error(created.message);
    const id = (created.value as { id: string }).id;
    const endpoints = { authorization: 'https://idp.example.com/authorize', token: 'https://idp.example.com/token' };
    const updated = await call('offerings.update', { id, endpoints });
    expect(updated).toMatchObject({ ok: true, value: { endpoints } });
    expect((updated as { value: { issuer?: string } }).value.issuer).toBeUndefined();
    const renamed = await call('offerings.update', { id, name: 'Renamed' });
    expect(renamed).toMatchObject({ ok: true, value: { name: 'Renamed', endpoints } });
  });

  it('offer a disabled offering to no new integration', async () => {
    core = await createTestCore();
    await call('offerings.setEnabled', { id: 'salesforce-sandbox', enabled: false });
    const result = await call('integrations.create', { name: 'Sandbox', offeringId: 'salesforce-sandbox', clientId: 'c', clientSecret: 's', scopes: [] });
    expect(result).toMatchObject({ ok: false, fields: { offeringId: 'Salesforce (sandbox) is disabled: choose another offering' } });
  });
});
