import { randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { ConnectionFlow, FlowUpdate } from '../../../preload/contract/connection-models.js';
import { buildAuthorizationUrl, newAuthorizationSecrets, stateMatches } from '../oauth/authorization-request.js';
import type { CallbackPage } from '../oauth/callback-page.js';
import { LoopbackListener, type ListenerEnd } from '../oauth/loopback-listener.js';
import type { PortOwner } from '../oauth/port-owner.js';
import { safeCode } from '../oauth/provider-errors.js';
import { CALLBACK_PATH } from '../settings/callback-url.js';
import type { CallbackTarget } from '../settings/settings-service.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
import type { ProviderContext, ProviderContexts } from './provider-context.js';

/** What completing a flow needs; handed to `complete` and dropped right after. */
export interface VerifiedCallback {
  ctx: ProviderContext;
  parameters: URLSearchParams;
  redirectUri: string;
  codeVerifier: string;
}

export interface CompletedConnection {
  connectionId: string;
  updatedExisting: boolean;
  userEmail: string;
}

export interface AuthorizationFlowsDeps {
  contexts: ProviderContexts;
  /** Throws NOT_CONFIGURED for drafts: the rule for starting connections. */
  requireConfigured(integrationId: string): unknown;
  callbackTarget(): CallbackTarget;
  /** Exchange, identity and storage of a callback whose state matched. */
  complete(callback: VerifiedCallback): Promise<CompletedConnection>;
  loginHint(connectionId: string): string | undefined;
  emit(update: FlowUpdate): void;
  /** Records an unexpected failure; receives the error's name only (its data may hold the code). */
  unexpected(errorName: string): void;
  clock: Clock;
  timeoutMs: number;
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
  listener: LoopbackListener;
  phase: 'waiting' | 'processing';
}

export type AuthorizationFlows = ReturnType<typeof createAuthorizationFlows>;

/**
 * Sign-ins in the system browser: the loopback listener, the one-time state and PKCE verifier, and
 * the callback's validation, whether it arrives at the listener or is pasted by hand.
 *
 * One sign-in waits at a time, because the callback port is fixed: starting another cancels the first.
 * The port is bound before the browser is opened, so a taken port is reported with nothing opened. A
 * callback whose state does not match exactly is refused and ends the sign-in without storing
 * anything; so does a denial. A finished sign-in forgets its state and verifier, so a replayed callback
 * finds nothing to complete.
 */
export function createAuthorizationFlows(deps: AuthorizationFlowsDeps) {
  const flows = new Map<string, PendingFlow>();
  /** The most recent listener: the next sign-in binds the same port only once this one has let go. */
  let lastListener: LoopbackListener | undefined;

  const update = (flow: Pick<PendingFlow, 'id' | 'integrationId'>, fields: Omit<FlowUpdate, 'flowId' | 'integrationId' | 'at'>): FlowUpdate => ({
    flowId: flow.id,
    integrationId: flow.integrationId,
    at: isoNow(deps.clock),
    ...fields,
  });

  const finish = (flow: PendingFlow, result: FlowUpdate): FlowUpdate => {
    if (flows.get(flow.id) !== flow) return result;
    flows.delete(flow.id);
    flow.state = '';
    flow.codeVerifier = '';
    void flow.listener.cancel();
    deps.emit(result);
    return result;
  };

  const fail = (flow: PendingFlow, message: string, code: DeskError['code'] = 'PROVIDER_ERROR'): never => {
    finish(flow, update(flow, { state: 'failed', message }));
    throw new DeskError(code, message);
  };

  /** Validates and completes one callback; shared by the listener and the manual fallback. */
  async function handle(flow: PendingFlow, url: URL): Promise<FlowUpdate> {
    if (flows.get(flow.id) !== flow || flow.phase !== 'waiting') {
      throw new DeskError('CONFLICT', 'This sign-in is no longer waiting. Start a new connection.');
    }
    flow.phase = 'processing';
    const params = url.searchParams;
    if (!stateMatches(params.get('state'), flow.state)) {
      fail(flow, 'The answer from the browser did not belong to this sign-in (state mismatch), so it was refused and nothing was stored. Start a new connection.', 'FORBIDDEN');
    }
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
      const done = await deps.complete({ ctx: flow.ctx, parameters: validated, redirectUri: flow.redirectUri, codeVerifier: flow.codeVerifier });
      return finish(flow, update(flow, { state: 'completed', connectionId: done.connectionId, updatedExisting: done.updatedExisting }));
    } catch (e) {
      if (!isDeskError(e)) deps.unexpected(e instanceof Error ? e.name : typeof e);
      return fail(flow, isDeskError(e) ? e.message : 'The sign-in could not be completed. The details are in the log.', isDeskError(e) ? e.code : 'INTERNAL');
    }
  }

  const pageFor = async (flow: PendingFlow, url: URL): Promise<CallbackPage> => {
    try {
      await handle(flow, url);
      return { ok: true, title: 'Connected', message: `The account is now connected to "${flow.ctx.integration.name}" in Integrations Desk.` };
    } catch (e) {
      return { ok: false, title: 'Sign-in failed', message: isDeskError(e) ? e.message : 'The sign-in could not be completed.' };
    }
  };

  const onListenerEnd = (flow: PendingFlow, end: ListenerEnd): void => {
    if (end !== 'timed-out' || flows.get(flow.id) !== flow || flow.phase !== 'waiting') return;
    const minutes = Math.round(deps.timeoutMs / 60_000);
    const after = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(deps.timeoutMs / 1000)} seconds`;
    finish(flow, update(flow, { state: 'timed-out', message: `No answer from the browser within ${after}, so the sign-in was closed. Start a new connection.` }));
  };

  return {
    async start(input: { integrationId: string; connectionId?: string }, transport: 'electron' | 'browser'): Promise<ConnectionFlow> {
      deps.requireConfigured(input.integrationId);
      const ctx = await deps.contexts(input.integrationId);
      const target = deps.callbackTarget();
      for (const other of [...flows.values()]) {
        finish(other, update(other, { state: 'cancelled', message: 'Replaced by a newer sign-in.' }));
      }
      // A listener that is still closing (cancelled just now, or finishing its answer) holds the port.
      await lastListener?.done;
      const secrets = await newAuthorizationSecrets();
      const flowId = `flow_${randomBytes(12).toString('base64url')}`;
      const expiresAt = new Date(deps.clock.now() + deps.timeoutMs).toISOString();
      let flow: PendingFlow | undefined;
      // Throws PORT_IN_USE before anything is opened or remembered.
      const listener = await LoopbackListener.open({
        host: target.host,
        port: target.port,
        path: CALLBACK_PATH,
        timeoutMs: deps.timeoutMs,
        findOwner: deps.findOwner,
        onCallback: (url) => (flow ? pageFor(flow, url) : Promise.resolve({ ok: false, title: 'Sign-in failed', message: 'No sign-in is waiting.' })),
      });
      lastListener = listener;
      flow = {
        id: flowId,
        integrationId: input.integrationId,
        ctx,
        state: secrets.state,
        codeVerifier: secrets.codeVerifier,
        redirectUri: target.url,
        listener,
        phase: 'waiting',
      };
      flows.set(flowId, flow);
      const pending = flow;
      void listener.done.then((end) => onListenerEnd(pending, end));
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
      const result = finish(flow, update(flow, { state: 'cancelled', message: 'Cancelled.' }));
      await flow.listener.done;
      return result;
    },

    /** The manual fallback: the redirect URL pasted from the browser, validated like the listener's. */
    async completeManually(flowId: string, redirectUrl: string): Promise<FlowUpdate> {
      const flow = flows.get(flowId);
      if (!flow) {
        throw new DeskError('CONFLICT', 'That sign-in is no longer waiting (it completed, failed, was cancelled or timed out). Start a new connection.');
      }
      let url: URL;
      try {
        url = new URL(redirectUrl);
      } catch {
        throw new DeskError('VALIDATION', 'Paste the whole address from the browser\'s address bar.', { redirectUrl: 'Not a full address' });
      }
      if (url.pathname !== CALLBACK_PATH) {
        const message = `That is not the callback address: it starts with ${flow.redirectUri}`;
        throw new DeskError('VALIDATION', message, { redirectUrl: message });
      }
      return handle(flow, url);
    },

    /** The listener of a waiting sign-in, so tests and diagnostics can check its address and state. */
    listenerOf: (flowId: string): LoopbackListener | undefined => flows.get(flowId)?.listener,
    pendingPort: (): number | undefined => [...flows.values()][0]?.listener.port,

    async dispose(): Promise<void> {
      const pending = [...flows.values()];
      for (const flow of pending) finish(flow, update(flow, { state: 'cancelled', message: 'Integrations Desk is closing.' }));
      await Promise.all(pending.map((f) => f.listener.done));
    },
  };
}
