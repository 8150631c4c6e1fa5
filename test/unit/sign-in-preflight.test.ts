import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import { REGISTRATION_PROOF_MS } from '../../main/core/connections/registration-proofs.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Issue 15: the authorize preflight (one request to the provider that recognises its error page) is
 * skipped while the integration's registration — client id, Callback URL, authorize endpoint — is
 * proven by an accepted preflight or a completed sign-in, for `REGISTRATION_PROOF_MS`. A change of the
 * Callback URL, the credentials or the offering, or a sign-in that did not complete, asks again; an
 * unregistered Callback URL is still reported while the sign-in waits.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A harness whose core's preflights (its requests to the authorize endpoint) are counted. */
async function countingHarness(): Promise<{ harness: Harness; preflights: () => number }> {
  let count = 0;
  const harness = await createHarness({
    fetch: (next) => (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/services/oauth2/authorize') count += 1;
      return next(input, init);
    },
  });
  return { harness, preflights: () => count };
}

/** How many preflights `connections.start` sent (the request is made before it returns). */
async function preflightsOfStart(harness: Harness, preflights: () => number): Promise<number> {
  const before = preflights();
  const flow = await harness.value<ConnectionFlow>('connections.start', { integrationId: harness.integrationId });
  const sent = preflights() - before;
  await harness.value('connections.cancel', { flowId: flow.flowId });
  return sent;
}

describe('the authorize preflight of a sign-in', () => {
  it('is skipped after a completed sign-in with the same registration, until the proof is old', async () => {
    const { harness, preflights } = await countingHarness();
    h = harness;
    const before = preflights();
    await h.connect(ALICE);
    expect(preflights() - before).toBe(1);
    await h.connect(ALICE);
    await h.connect(ALICE);
    expect(preflights() - before).toBe(1);
    h.clock.advance(REGISTRATION_PROOF_MS);
    await h.connect(ALICE);
    expect(preflights() - before).toBe(2);
  });

  it('is sent again after a sign-in that did not complete', async () => {
    const { harness, preflights } = await countingHarness();
    h = harness;
    await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(ALICE, { deny: true });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)?.state).toBe('failed');
    expect(await preflightsOfStart(h, preflights)).toBe(1);
  });

  it('is sent again after the Client Secret is replaced', async () => {
    const { harness, preflights } = await countingHarness();
    h = harness;
    await h.connect(ALICE);
    const secret = h.fixture.clients[0]!.clientSecret;
    await h.value('integrations.replaceSecret', { id: h.integrationId, clientSecret: secret });
    await h.value('integrations.verify', { id: h.integrationId });
    expect(await preflightsOfStart(h, preflights)).toBe(1);
  });

  it('is sent again when the Callback URL changes, and reports one the provider does not list', async () => {
    const { harness } = await countingHarness();
    h = harness;
    await h.connect(ALICE);
    // Settings now force 127.0.0.1, which the Salesforce-shaped provider refuses: redirect_uri_mismatch.
    await h.value('settings.update', { callbackHost: '127.0.0.1' });
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId });
    const problem = () =>
      h!.events
        .filter((e) => e.name === 'flows.changed' && (e.payload as FlowUpdate).flowId === flow.flowId)
        .map((e) => (e.payload as FlowUpdate).providerProblem)
        .find(Boolean);
    await expect.poll(problem, { timeout: 5_000 }).toMatchObject({
      code: 'redirect_uri_mismatch',
      message: expect.stringContaining('This Callback URL is not registered in the app'),
    });
  });
});
