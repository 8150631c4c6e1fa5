import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * A new connection's sign-in whose one durable write fails before anything was renamed into place (a
 * full disk while the files are written): nothing is stored, so nothing here can ever use or revoke
 * the tokens the provider just issued. They are revoked at once rather than left alive (each one is
 * an approval that counts against the provider's limit of five per user and app).
 */
let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
  h = undefined;
});

describe("a new connection's sign-in whose write fails before any rename", () => {
  it('stores nothing and revokes the tokens it received', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      if (String(args[0]).includes(`${path.sep}connections${path.sep}`) && String(args[0]).includes('.json.tmp-')) {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      }
      return open(...args);
    });
    await h.deliver(redirectUrl);
    vi.restoreAllMocks();

    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('could not be saved') });
    expect(await h.value<Connection[]>('connections.list', { integrationId: h.integrationId })).toEqual([]);
    const refreshToken = h.tokenResponses.at(-1)?.refresh_token as string;
    expect((await h.fixture.introspect(refreshToken)).active).toBe(false);
  });
});
