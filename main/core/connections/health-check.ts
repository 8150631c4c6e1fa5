import { performance } from 'node:perf_hooks';
import * as oauth from 'oauth4webapi';
import type { HealthReport, HealthStep, HealthStepName } from '../../../preload/contract/connection-models.js';
import { classifyProviderError, statusText } from '../oauth/provider-errors.js';
import { isoNow, type Clock } from '../support/clock.js';
import { isDeskError } from '../support/desk-error.js';
import type { ConnectionRecord } from './connection-record.js';
import type { ConnectionSecrets } from './connection-secrets.js';
import { getJson } from './identity.js';
import type { ProviderContext, ProviderContexts } from './provider-context.js';

export interface HealthCheckDeps {
  contexts: ProviderContexts;
  secrets: ConnectionSecrets;
  clock: Clock;
  /** A usable access token (refreshing first when due), as `credentialsFor` gets it. */
  accessToken(connectionId: string): Promise<string>;
  /** Refreshes now; used when the provider cannot introspect. */
  refresh(connectionId: string): Promise<unknown>;
  /** Records that the provider no longer accepts the refresh token. */
  expire(connectionId: string, reason: string): void;
}

const LABELS: Record<HealthStepName, string> = {
  vault: 'Secrets decrypt',
  token: 'Refresh token accepted',
  identity: 'User info answers',
  scopes: 'Scopes still granted',
};

class StepFailure extends Error {}

/**
 * Runs the health ladder of one connection: each step's result and latency, stopping at the first
 * failure (later steps are reported as skipped, because they would fail for the same reason).
 *
 * 1. the client secret and the connection's tokens decrypt; 2. the provider still accepts the refresh
 * token (introspection, which changes nothing; a refresh when the provider cannot introspect);
 * 3. the identity service or userinfo answers with the access token; 4. the integration's required
 * scopes are still granted. Step messages are our own words, never token material.
 */
export async function runHealthCheck(deps: HealthCheckDeps, record: ConnectionRecord): Promise<HealthReport> {
  const steps: HealthStep[] = [];
  let failed = false;
  let ctx: ProviderContext | undefined;
  let grantedScopes: string[] = record.scopes;

  const step = async (name: HealthStepName, body: () => Promise<string>): Promise<void> => {
    if (failed) {
      steps.push({ step: name, label: LABELS[name], result: 'skipped', latencyMs: 0, message: 'Skipped: an earlier step failed.' });
      return;
    }
    const started = performance.now();
    try {
      const message = await body();
      steps.push({ step: name, label: LABELS[name], result: 'passed', latencyMs: elapsed(started), message });
    } catch (error) {
      failed = true;
      const message = error instanceof StepFailure || isDeskError(error) ? error.message : 'The step failed unexpectedly.';
      steps.push({ step: name, label: LABELS[name], result: 'failed', latencyMs: elapsed(started), message });
    }
  };

  await step('vault', async () => {
    ctx = await deps.contexts(record.integrationId);
    const refresh = deps.secrets.refreshToken(record.integrationId, record.id);
    if (!refresh) throw new StepFailure('No refresh token is stored for this connection: reauthorize it.');
    return 'The client secret and the refresh token decrypt.';
  });

  await step('token', async () => {
    const c = ctx as ProviderContext;
    const { as, options } = c.provider;
    if (!as.introspection_endpoint) {
      await deps.refresh(record.id);
      return 'The provider accepted a refresh (it offers no introspection).';
    }
    let result: oauth.IntrospectionResponse | undefined;
    // A refresh (or a reauthorization) that replaces the token while the provider is asked makes its
    // answer about a token the connection no longer uses (a rotated one is inactive): ask about the new one.
    for (let asked = 0; result === undefined && asked < 3; asked += 1) {
      const refreshToken = deps.secrets.refreshToken(record.integrationId, record.id);
      if (!refreshToken) throw new StepFailure('No refresh token is stored for this connection any more: reauthorize it.');
      let answer: oauth.IntrospectionResponse;
      try {
        const response = await oauth.introspectionRequest(as, c.client, c.clientAuth, refreshToken, {
          ...options,
          additionalParameters: { token_type_hint: 'refresh_token' },
        });
        answer = await oauth.processIntrospectionResponse(as, c.client, response);
      } catch (error) {
        const failure = classifyProviderError(error);
        throw new StepFailure(
          failure.kind === 'invalid_client'
            ? 'The provider refused the integration\'s credentials (invalid_client).'
            : failure.kind === 'transient'
              ? `Could not reach the provider (${statusText(failure.status)}).`
              : 'The provider did not answer the introspection properly.',
        );
      }
      if (answer.active || deps.secrets.refreshToken(record.integrationId, record.id) === refreshToken) result = answer;
    }
    if (!result) throw new StepFailure('The refresh token kept being replaced while the provider was asked about it; test again.');
    if (!result.active) {
      const reason = 'The provider reports the refresh token as inactive (revoked or expired). Reauthorize to reconnect.';
      deps.expire(record.id, reason);
      throw new StepFailure(reason);
    }
    if (typeof result.scope === 'string') grantedScopes = result.scope.split(' ').filter(Boolean);
    return 'The provider reports the refresh token as active.';
  });

  await step('identity', async () => {
    const c = ctx as ProviderContext;
    const accessToken = await deps.accessToken(record.id);
    if (record.identityUrl) {
      await getJson(c, new URL(record.identityUrl), accessToken, 'identity service');
      return 'The identity service answered.';
    }
    const { as, options } = c.provider;
    if (!as.userinfo_endpoint) return 'The provider has no userinfo endpoint; nothing to call.';
    try {
      const response = await oauth.userInfoRequest(as, c.client, accessToken, options);
      await oauth.processUserInfoResponse(as, c.client, oauth.skipSubjectCheck, response);
    } catch (error) {
      const failure = classifyProviderError(error);
      throw new StepFailure(`The userinfo endpoint refused the access token (${statusText(failure.status)}).`);
    }
    return 'The userinfo endpoint answered.';
  });

  await step('scopes', async () => {
    const c = ctx as ProviderContext;
    const required = c.integration.scopes.filter((s) => c.offering.requiredScopes.includes(s));
    const missing = required.filter(
      (s) => !grantedScopes.includes(s) && !(s === 'refresh_token' && grantedScopes.includes('offline_access')),
    );
    if (missing.length > 0) throw new StepFailure(`No longer granted: ${missing.join(', ')}. Check the connected app's scopes and reauthorize.`);
    return `Granted: ${grantedScopes.join(', ') || 'none reported'}.`;
  });

  return { connectionId: record.id, at: isoNow(deps.clock), passed: !failed, steps };
}

const elapsed = (started: number): number => Math.max(0, Math.round(performance.now() - started));
