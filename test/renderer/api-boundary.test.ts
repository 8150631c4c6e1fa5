import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { buildApi } from '../../preload/contract/build-api.js';
import type { DeskApi } from '../../preload/contract/types.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
let api: DeskApi;

beforeAll(async () => {
  core = await createTestCore();
  // The renderer's API, built exactly as the preload and browser mode build it, over a transport that
  // serialises like IPC/HTTP and reaches the real main-side dispatcher.
  api = buildApi(
    async (channel, input) => dispatch(core.handlers, channel, input === undefined ? undefined : JSON.parse(JSON.stringify(input)), { transport: 'browser' }, core.logger),
    () => () => {},
  );
});
afterAll(async () => core?.dispose());

describe('the renderer side of the contract', () => {
  it('gets a validation error value, never an exception, for a malformed payload', async () => {
    const malformed = { name: 42, offeringId: null, clientId: '', clientSecret: '', scopes: 'api' } as unknown as Parameters<DeskApi['integrations']['create']>[0];
    const result = await api.integrations.create(malformed);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('VALIDATION');
    expect(result.fields).toMatchObject({ clientId: 'Client ID is required', clientSecret: 'Client Secret is required' });
  });

  it('gets an error value when main cannot be reached at all', async () => {
    const offline = buildApi(
      () => Promise.reject(new Error('socket hang up')),
      () => () => {},
    );
    await expect(offline.integrations.list()).resolves.toEqual({
      ok: false,
      code: 'INTERNAL',
      message: 'Integrations Desk did not answer. Is it still running?',
    });
  });

  it('exposes exactly the contract: named functions, no generic invoke', () => {
    expect(typeof api.integrations.create).toBe('function');
    expect((api as unknown as Record<string, unknown>).invoke).toBeUndefined();
    expect(() => api.on('no.such.event' as never, () => {})).toThrow('Unknown event');
  });
});
