import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
afterEach(async () => core?.dispose());

const call = (channel: string, payload: unknown) => dispatch(core.handlers, channel, payload, { transport: 'electron' }, core.logger);

describe('the main-side boundary', () => {
  it('returns a validation error value, with one message per field, for a malformed payload', async () => {
    core = await createTestCore();
    const result = await call('integrations.create', { name: 42, clientId: '', scopes: 'api' });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
    if (result.ok) throw new Error('expected an error');
    expect(Object.keys(result.fields ?? {}).sort()).toEqual(['clientId', 'clientSecret', 'name', 'offeringId', 'scopes']);
    expect(result.fields?.clientId).toBe('Client ID is required');
  });

  it('refuses an undeclared channel without running anything', async () => {
    core = await createTestCore();
    await expect(call('fs.readFile', { path: '/etc/passwd' })).resolves.toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
  });

  it('refuses a payload for a call that takes none', async () => {
    core = await createTestCore();
    await expect(call('offerings.list', { evil: true })).resolves.toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  it('turns an unexpected failure into a generic error value and logs it', async () => {
    core = await createTestCore();
    const handlers = { ...core.handlers, 'app.info': () => { throw new Error('disk path /secret/place exploded'); } };
    const result = await dispatch(handlers, 'app.info', undefined, { transport: 'browser' }, core.logger);
    expect(result).toEqual({ ok: false, code: 'INTERNAL', message: 'Something went wrong. The details are in the log.' });
    expect(core.logOutput()).toContain('handler failed');
  });

  it('answers a well-formed call with its value', async () => {
    core = await createTestCore();
    const result = await call('integrations.list', undefined);
    expect(result).toEqual({ ok: true, value: [] });
  });
});
