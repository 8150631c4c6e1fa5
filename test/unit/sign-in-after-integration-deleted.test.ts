import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * A sign-in that outlives its integration: the admin deletes the integration while the user is still
 * on the provider's login page (or while the sign-in's group write is on its way to disk). The
 * deletion removed the integration's vault shard and connections shard; the sign-in must not bring
 * them back (with a live refresh token no record or integration points at), and its tokens are
 * revoked at the provider rather than left alive.
 */
let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
  h = undefined;
});

const vaultShard = (harness: Harness) => path.join(harness.core.dataDir, 'vault', `integration-${harness.integrationId.replace(/[A-Z]/g, (c) => `^${c.toLowerCase()}`)}.json`);
const connectionsShard = (harness: Harness) => path.join(harness.core.dataDir, 'connections', `${harness.integrationId.replace(/[A-Z]/g, (c) => `^${c.toLowerCase()}`)}.json`);

describe('a sign-in whose integration was deleted meanwhile', () => {
  it('is cancelled by the deletion while the user is at the provider, and its answer is refused unused', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    expect(fs.existsSync(vaultShard(h))).toBe(true);
    expect(await h.value('integrations.delete', { id: h.integrationId })).toEqual({ id: h.integrationId });
    expect(fs.existsSync(vaultShard(h))).toBe(false);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'cancelled', message: 'The integration was deleted, so this sign-in was cancelled.' });

    const exchangesBefore = h.tokenResponses.length;
    // The listener closed with its last sign-in: the browser's answer reaches nothing.
    await expect(h.deliver(redirectUrl)).rejects.toThrow();
    expect(h.tokenResponses.length).toBe(exchangesBefore); // the code was never exchanged
    expect(fs.existsSync(vaultShard(h))).toBe(false);
    expect(fs.existsSync(connectionsShard(h))).toBe(false);
  });

  it("stores nothing when the deletion lands while the sign-in's write is on its way to disk", async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    // Hold the sign-in's group write at the fsync of its vault temp file (the event loop is free then).
    let reached!: () => void;
    const atFsync = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await open(...args);
      if (String(args[0]).includes(`${path.sep}vault${path.sep}integration-`) && String(args[0]).includes('.json.tmp-')) {
        const sync = handle.sync.bind(handle);
        handle.sync = async () => {
          reached();
          await released;
          return sync();
        };
      }
      return handle;
    });
    const delivered = h.deliver(redirectUrl);
    await atFsync;
    expect(await h.value('integrations.delete', { id: h.integrationId })).toEqual({ id: h.integrationId });
    expect(fs.existsSync(vaultShard(h))).toBe(false);
    release();
    await delivered;

    expect(h.lastFlowUpdate(flow.flowId)?.state).not.toBe('completed');
    // Not the deleted integration's client secret back on disk, nor the new tokens, nor a record.
    expect(fs.existsSync(vaultShard(h))).toBe(false);
    expect(fs.existsSync(connectionsShard(h))).toBe(false);
    const refreshToken = h.tokenResponses.at(-1)?.refresh_token as string;
    expect((await h.fixture.introspect(refreshToken)).active).toBe(false);
  });
});
