import { createRegistrationProofs, registrationOf } from './registration-proofs.js';
import { randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { ConnectionFlow, FlowUpdate, IdentityMismatch } from '../../../preload/contract/connection-models.js';
import { buildAuthorizationUrl, newAuthorizationSecrets, stateMatches } from '../oauth/authorization-request.js';
import { preflightAuthorization, preflightMessage } from '../oauth/authorize-preflight.js';
import type { CallbackPage } from '../oauth/callback-page.js';
import { LoopbackListener, type ListenerEnd } from '../oauth/loopback-listener.js';
import type { PortOwner } from '../oauth/port-owner.js';
import { safeCode } from '../oauth/provider-errors.js';
import type { CallbackTarget } from '../settings/callback-url.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
import type { ProviderContext, ProviderContexts } from './provider-context.js';

/** What completing a flow needs; handed to `complete` and dropped right after. */
export interface VerifiedCallback {
  flowId: string;
  ctx: ProviderContext;
  parameters: URLSearchParams;
  redirectUri: string;
  codeVerifier: string;
  /** Reauthorization: the connection whose org and user the sign-in must return. */
  connectionId?: string;
}

export type CompletedConnection =
  | { kind: 'connected'; connectionId: string; updatedExisting: boolean; userEmail: string }
  /** A reauthorization returned someone else: nothing changed, the sign-in is held for the admin to decide. */
  | { kind: 'held'; mismatch: IdentityMismatch };

export interface AuthorizationFlowsDeps {
  contexts: ProviderContexts;
  /** Throws NOT_CONFIGURED for drafts: the rule for starting connections. */
  requireConfigured(integrationId: string): unknown;
  /** The integration's own Callback URL and listener address. */
  callbackTarget(ctx: ProviderContext): CallbackTarget;
  /** Exchange, identity and storage of a callback whose state matched. */
  complete(callback: VerifiedCallback): Promise<CompletedConnection>;
  loginHint(connectionId: string): string | undefined;
  emit(update: FlowUpdate): void;
  /** Records an unexpected failure; receives the error's name only (its data may hold the code). */
  unexpected(errorName: string): void;
  clock: Clock;
  timeoutMs: number;
  /** Asks the provider's authorize endpoint about a sign-in's URL, to recognise its error page. */
  fetch?: typeof fetch;
  openExternal?(url: string): Promise<void>;
  findOwner?(port: number): Promise<PortOwner | undefined>;
}

interface PendingFlow {
  id: string;
  integrationId: string;
  ctx: ProviderContext;
  state: string;
  codeVerifier: string;
  redirectUri: string;
  path: string;
  connectionId?: string;
  listener: LoopbackListener;
  timer: NodeJS.Timeout;
  phase: 'waiting' | 'processing';
  /** What the provider must have registered for this sign-in (`registrationOf`). */
  registration: string;
}

export type AuthorizationFlows = ReturnType<typeof createAuthorizationFlows>;

/**
 * Sign-ins in the system browser: the loopback listener, the one-time state and PKCE verifier, and
 * the callback's validation, whether it arrives at the listener or is pasted by hand.
 *
 * Several sign-ins may wait at once, one per integration (starting another for the same integration
 * replaces it): they share one listener per port and are told apart by their Callback URL's path and
 * their state. A request whose path and state match no waiting sign-in is answered 400 and ends
 * nothing (issue 13: any web page can send the browser to the callback URL). Only a matching state —
 * with a code, or with `error=` — ends a sign-in. The port is bound before the browser is opened, so a
 * taken port is reported with nothing opened. A finished sign-in forgets its state and verifier, so a
 * replayed callback finds nothing to complete.
 */
export function createAuthorizationFlows(deps: AuthorizationFlowsDeps) {
  const flows = new Map<string, PendingFlow>();
  /** One listener per port, shared by the sign-ins waiting on it. */
  const listeners = new Map<number, LoopbackListener>();
  /** A listener being opened or closed: the next sign-in on that port waits for it. */
  const transitions = new Map<number, Promise<unknown>>();
  /** Registrations proven recently: their sign-ins skip the authorize preflight (issue 15). */
  const proofs = createRegistrationProofs(deps.clock);

  const update = (flow: Pick<PendingFlow, 'id' | 'integrationId'>, fields: Omit<FlowUpdate, 'flowId' | 'integrationId' | 'at'>): FlowUpdate => ({
    flowId: flow.id,
    integrationId: flow.integrationId,
    at: isoNow(deps.clock),
    ...fields,
  });

  const waitingOn = (listener: LoopbackListener): PendingFlow[] =>
    [...flows.values()].filter((f) => f.listener === listener && f.phase === 'waiting');

  /** Closes a listener no sign-in uses any more. */
  const release = (listener: LoopbackListener, end: ListenerEnd): void => {
    if ([...flows.values()].some((f) => f.listener === listener)) return;
    if (listeners.get(listener.port) === listener) listeners.delete(listener.port);
    const closing = listener.close(end);
    transitions.set(listener.port, closing);
    void closing.finally(() => {
      if (transitions.get(listener.port) === closing) transitions.delete(listener.port);
    });
  };

  const finish = (flow: PendingFlow, result: FlowUpdate, end: ListenerEnd = 'answered'): FlowUpdate => {
    if (flows.get(flow.id) !== flow) return result;
    flows.delete(flow.id);
    clearTimeout(flow.timer);
    // The code was exchanged (even a held sign-in's): the provider accepted this registration.
    if (result.state === 'completed' || result.identityMismatch) proofs.prove(flow.integrationId, flow.registration);
    else proofs.drop(flow.integrationId);
    flow.state = '';
    flow.codeVerifier = '';
    release(flow.listener, end);
    deps.emit(result);
    return result;
  };

  const fail = (flow: PendingFlow, message: string, code: DeskError['code'] = 'PROVIDER_ERROR'): never => {
    finish(flow, update(flow, { state: 'failed', message }));
    throw new DeskError(code, message);
  };

  /** The waiting sign-in a callback belongs to: same path, same state. */
  const match = (url: URL, candidates: Iterable<PendingFlow>): PendingFlow | undefined => {
    const state = url.searchParams.get('state');
    for (const flow of candidates) {
      if (flow.phase === 'waiting' && url.pathname === flow.path && stateMatches(state, flow.state)) return flow;
    }
    return undefined;
  };

  /** Completes a callback whose path and state matched this flow (it is `processing` now). */
  async function handle(flow: PendingFlow, url: URL): Promise<FlowUpdate> {
    const params = url.searchParams;
    const error = params.get('error');
    if (error === 'access_denied') {
      fail(flow, 'The user denied access on the provider\'s page, so nothing was stored. Start a new connection to try again.', 'CANCELLED');
    }
    if (error) fail(flow, `The provider refused the sign-in: ${safeCode(error)}. Nothing was stored.`);
    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(flow.ctx.provider.as, flow.ctx.client, params, flow.state);
    } catch {
      // The library's error carries the parameters (the code among them): it is dropped, not logged.
      return fail(flow, 'The answer from the browser was not a valid authorization response for this provider, so it was refused.');
    }
    if (!validated.get('code')) fail(flow, 'The answer from the browser carried no authorization code, so it was refused.');
    try {
      const done = await deps.complete({
        flowId: flow.id,
        ctx: flow.ctx,
        parameters: validated,
        redirectUri: flow.redirectUri,
        codeVerifier: flow.codeVerifier,
        ...(flow.connectionId ? { connectionId: flow.connectionId } : {}),
      });
      if (done.kind === 'held') {
        return finish(flow, update(flow, { state: 'failed', message: mismatchMessage(done.mismatch), identityMismatch: done.mismatch }));
      }
      return finish(flow, update(flow, { state: 'completed', connectionId: done.connectionId, updatedExisting: done.updatedExisting }));
    } catch (e) {
      if (!isDeskError(e)) deps.unexpected(e instanceof Error ? e.name : typeof e);
      return fail(flow, isDeskError(e) ? e.message : 'The sign-in could not be completed. The details are in the log.', isDeskError(e) ? e.code : 'INTERNAL');
    }
  }

  const pageFor = async (flow: PendingFlow, url: URL): Promise<CallbackPage> => {
    try {
      const result = await handle(flow, url);
      if (result.identityMismatch) {
        return { ok: false, title: 'Not changed', message: `${mismatchMessage(result.identityMismatch)} Integrations Desk asks what to do.` };
      }
      return { ok: true, title: 'Connected', message: `The account is now connected to "${flow.ctx.integration.name}" in Integrations Desk.` };
    } catch (e) {
      return { ok: false, title: 'Sign-in failed', message: isDeskError(e) ? e.message : 'The sign-in could not be completed.' };
    }
  };

  /** Claims a listener's request for the sign-in it belongs to; stops accepting when it was the last. */
  const claimFor = (listener: LoopbackListener) => (url: URL) => {
    const flow = match(url, waitingOn(listener));
    if (!flow) return undefined;
    flow.phase = 'processing';
    clearTimeout(flow.timer);
    if (waitingOn(listener).length === 0) listener.stopAccepting();
    return () => pageFor(flow, url);
  };

  /** The listener for a target: the open one on its port (adding `[::1]` if needed), or a new one. */
  async function listenerFor(target: CallbackTarget): Promise<LoopbackListener> {
    for (;;) {
      const pending = transitions.get(target.port);
      if (!pending) break;
      await pending.catch(() => undefined);
    }
    const open = listeners.get(target.port);
    if (open) {
      await open.addHost(target.host);
      return open;
    }
    let listener!: LoopbackListener;
    const opening = LoopbackListener.open({
      host: target.host,
      port: target.port,
      path: (pathname) => [...flows.values()].some((f) => f.listener === listener && f.path === pathname),
      findOwner: deps.findOwner,
      claim: (url) => claimFor(listener)(url),
    });
    transitions.set(target.port, opening);
    try {
      listener = await opening;
    } finally {
      transitions.delete(target.port);
    }
    listeners.set(target.port, listener);
    return listener;
  }

  /** Tells the panel when the provider shows an error page instead of its login page, and what to fix. */
  const recogniseProviderPage = async (flow: PendingFlow, authorizationUrl: string): Promise<void> => {
    if (!deps.fetch) return;
    const result = await preflightAuthorization(authorizationUrl, flow.redirectUri, deps.fetch).catch(() => undefined);
    if (result?.kind === 'accepted' && flows.get(flow.id) === flow) proofs.prove(flow.integrationId, flow.registration);
    if (!result || result.kind === 'accepted' || result.kind === 'inconclusive') return;
    const message = preflightMessage(result, flow.redirectUri, flow.ctx.offering.kind === 'salesforce');
    if (!message || flows.get(flow.id) !== flow || flow.phase !== 'waiting') return;
    deps.emit(update(flow, { state: 'waiting', providerProblem: { code: result.code, message: `${message} Then start the sign-in again.` } }));
  };

  const onTimeout = (flow: PendingFlow): void => {
    if (flows.get(flow.id) !== flow || flow.phase !== 'waiting') return;
    const minutes = Math.round(deps.timeoutMs / 60_000);
    const after = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(deps.timeoutMs / 1000)} seconds`;
    finish(flow, update(flow, { state: 'timed-out', message: `No answer from the browser within ${after}, so the sign-in was closed. Start a new connection.` }), 'timed-out');
  };

  return {
    async start(input: { integrationId: string; connectionId?: string }, transport: 'electron' | 'browser'): Promise<ConnectionFlow> {
      deps.requireConfigured(input.integrationId);
      const ctx = await deps.contexts(input.integrationId);
      const target = deps.callbackTarget(ctx);
      const secrets = await newAuthorizationSecrets();
      // Throws PORT_IN_USE before anything is opened or remembered; nothing awaits between this and
      // remembering the flow, so the listener cannot be released in between.
      const listener = await listenerFor(target);
      const flowId = `flow_${randomBytes(12).toString('base64url')}`;
      const expiresAt = new Date(deps.clock.now() + deps.timeoutMs).toISOString();
      const flow: PendingFlow = {
        id: flowId,
        integrationId: input.integrationId,
        ctx,
        state: secrets.state,
        codeVerifier: secrets.codeVerifier,
        redirectUri: target.url,
        path: target.path,
        ...(input.connectionId ? { connectionId: input.connectionId } : {}),
        listener,
        timer: setTimeout(() => onTimeout(flow), deps.timeoutMs),
        phase: 'waiting',
        registration: registrationOf(ctx, target.url),
      };
      flow.timer.unref();
      flows.set(flowId, flow);
      // One sign-in per integration: a newer one replaces a waiting one (the listener stays, it has this one).
      for (const other of [...flows.values()]) {
        if (other !== flow && other.integrationId === input.integrationId && other.phase === 'waiting') {
          finish(other, update(other, { state: 'cancelled', message: 'Replaced by a newer sign-in.' }), 'cancelled');
        }
      }
      const authorizationUrl = buildAuthorizationUrl({
        authorizationEndpoint: ctx.provider.endpoints.authorization,
        clientId: ctx.integration.clientId,
        redirectUri: target.url,
        scopes: ctx.integration.scopes,
        state: secrets.state,
        codeChallenge: secrets.codeChallenge,
        loginHint: input.connectionId ? deps.loginHint(input.connectionId) : undefined,
      });
      deps.emit(update(flow, { state: 'waiting' }));
      // After a replaced sign-in dropped its proof: a retry after an error page is checked again.
      if (!proofs.isProven(flow.integrationId, flow.registration)) void recogniseProviderPage(flow, authorizationUrl);
      let opened = false;
      let openFailed = false;
      if (transport === 'electron' && deps.openExternal) {
        // A browser that cannot be opened (no default browser, xdg-open missing, a sandbox) does not end
        // the sign-in: it keeps waiting, and the page offers the link to copy and the manual paste.
        try {
          await deps.openExternal(authorizationUrl);
          opened = true;
        } catch {
          openFailed = true;
        }
      }
      return { flowId, integrationId: input.integrationId, authorizationUrl, callbackUrl: target.url, expiresAt, opened, ...(openFailed ? { openFailed } : {}) };
    },

    async cancel(flowId: string): Promise<FlowUpdate> {
      const flow = flows.get(flowId);
      if (!flow) throw new DeskError('NOT_FOUND', 'That sign-in is not waiting any more.');
      if (flow.phase !== 'waiting') throw new DeskError('CONFLICT', 'That sign-in is already being completed.');
      const result = finish(flow, update(flow, { state: 'cancelled', message: 'Cancelled.' }), 'cancelled');
      // When it was the last sign-in on its listener, the port is free again once this resolves.
      if (![...flows.values()].some((f) => f.listener === flow.listener)) await flow.listener.done;
      return result;
    },

    /**
     * The manual fallback: the redirect URL pasted from the browser, validated like the listener's.
     * A paste that belongs to no waiting sign-in (another path or state) is refused, and this sign-in
     * keeps waiting.
     */
    async completeManually(flowId: string, redirectUrl: string): Promise<FlowUpdate> {
      const flow = flows.get(flowId);
      if (!flow || flow.phase !== 'waiting') {
        throw new DeskError('CONFLICT', 'That sign-in is no longer waiting (it completed, failed, was cancelled or timed out). Start a new connection.');
      }
      let url: URL;
      try {
        url = new URL(redirectUrl);
      } catch {
        throw new DeskError('VALIDATION', 'Paste the whole address from the browser\'s address bar.', { redirectUrl: 'Not a full address' });
      }
      if (url.pathname !== flow.path) {
        const message = `That is not the callback address: it starts with ${flow.redirectUri}`;
        throw new DeskError('VALIDATION', message, { redirectUrl: message });
      }
      if (!match(url, [flow])) {
        const message = 'That address belongs to another sign-in (its state does not match), so it was not used. This sign-in is still waiting.';
        throw new DeskError('VALIDATION', message, { redirectUrl: message });
      }
      flow.phase = 'processing';
      clearTimeout(flow.timer);
      if (waitingOn(flow.listener).length === 0) flow.listener.stopAccepting();
      return handle(flow, url);
    },

    /**
     * Cancels the sign-ins of an integration that wait for the browser (it is being deleted): the user
     * is told at once, and the provider's answer is refused like any that belongs to no sign-in.
     */
    cancelFor(integrationId: string, message: string): void {
      for (const flow of [...flows.values()]) {
        if (flow.integrationId === integrationId && flow.phase === 'waiting') finish(flow, update(flow, { state: 'cancelled', message }), 'cancelled');
      }
    },

    /** The listener of a waiting sign-in, so tests and diagnostics can check its address and state. */
    listenerOf: (flowId: string): LoopbackListener | undefined => flows.get(flowId)?.listener,
    pendingPort: (): number | undefined => [...listeners.keys()][0],

    async dispose(): Promise<void> {
      const pending = [...flows.values()];
      for (const flow of pending) finish(flow, update(flow, { state: 'cancelled', message: 'Integrations Desk is closing.' }), 'cancelled');
      await Promise.all([...pending.map((f) => f.listener.done), ...transitions.values()].map((p) => p.catch(() => undefined)));
    },
  };
}

/** What the admin reads when a reauthorization returned someone else. */
export function mismatchMessage(m: IdentityMismatch): string {
  const who = (p: IdentityMismatch['expected']) => `${p.userEmail}${p.orgName ? ` (${p.orgName})` : ''}`;
  if (m.kind === 'org') {
    return (
      `The sign-in returned another org (${m.received.orgName ?? m.received.orgId}) than this connection's (${m.expected.orgName ?? m.expected.orgId}), ` +
      'so the connection was left unchanged. A refreshed sandbox gets a new org id: to the provider it is another org, so it needs its own connection.'
    );
  }
  return `You signed in as ${who(m.received)}, not ${who(m.expected)}, so the connection was left unchanged.`;
}
