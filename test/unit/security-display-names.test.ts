import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutHiddenCharacters } from '../../preload/contract/display-text.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * Issue 13 (5): display names refuse Unicode categories Cc, Cf and Cs with a clear message, because
 * names reach the tray, notifications and logs.
 */
let core: TestCore;
beforeAll(async () => {
  core = await createTestCore();
});
afterAll(async () => core.dispose());

const call = (channel: string, payload: unknown) => dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);

const HOSTILE = {
  NUL: 'Acme\u0000Prod',
  'CR/LF': 'Acme\r\nfake log line',
  tab: 'Acme\tProd',
  'bidi override (U+202E)': 'Acme \u202Egpj.exe',
  'zero-width space (U+200B)': 'Ac\u200Bme',
  'lone high surrogate': 'Acme \uD800',
  'lone low surrogate': 'Acme \uDC00',
  'BOM (U+FEFF) inside': 'Ac\uFEFFme',
  ESC: 'Acme\u001B[31m',
};

const integration = (name: string) => ({ name, offeringId: 'salesforce-production', clientId: 'id', clientSecret: 'secret', scopes: [] });
const offering = (name: string) => ({
  name,
  kind: 'salesforce',
  environment: 'production',
  loginUrl: 'https://login.salesforce.com',
  requiredScopes: ['api', 'refresh_token'],
  optionalScopes: [],
});

describe('display names', () => {
  it.each(Object.entries(HOSTILE))('refuses %s in an Integration Name, an offering name and an API Key Name', async (_label, name) => {
    const results = [
      await call('integrations.create', integration(name)),
      await call('integrations.update', { id: 'int_abcdefghijkl', name }),
      await call('offerings.create', offering(name)),
      await call('apiKeys.create', { integrationId: 'int_abcdefghijkl', name }),
    ];
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
      expect(JSON.stringify(result)).toMatch(/cannot contain control or invisible formatting characters/);
    }
    expect(await call('integrations.list', undefined)).toMatchObject({ ok: true, value: [] });
  });

  it('accepts names in any script, with emoji and ordinary spaces', async () => {
    for (const name of ['Acme Ünïcødé', 'アクメ本番', 'شركة أكمي', 'Prod 🚀']) {
      expect(await call('integrations.create', integration(name))).toMatchObject({ ok: true });
    }
  });

  it('offers a helper that strips them from text the admin did not type (a provider’s user or org name)', () => {
    expect(withoutHiddenCharacters('Dana\u202E\r\nEvil\u0000')).toBe('DanaEvil');
  });
});
