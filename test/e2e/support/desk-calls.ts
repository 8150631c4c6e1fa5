import { loopbackRequest } from '../../support/loopback-request.js';
import type { DeskApp } from './desk-app.js';

/** A contract result as it arrives over HTTP. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string; fields?: Record<string, string> };

/**
 * One contract call from the test process, as a script holding the printed link would make it
 * (`X-Desk-Token` instead of the page's cookie). For seeding data a test is not about.
 *
 * Over `loopbackRequest`, not `fetch`: the app's host is a `desk-….localhost` name that browsers resolve
 * to loopback but Node's resolver does not.
 */
export async function call<T = Record<string, unknown>>(desk: DeskApp, channel: string, input?: unknown): Promise<T> {
  const response = await loopbackRequest(`${desk.origin}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Desk-Token': desk.token },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  const result = JSON.parse(response.body) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.code} ${result.message} ${JSON.stringify(result.fields ?? {})}`);
  return result.value;
}

/** A Salesforce-kind offering whose Login URL is a local provider (http is allowed for 127.0.0.1). */
export const localSalesforceOffering = (loginUrl: string, name = 'Salesforce (local test org)') => ({
  name,
  kind: 'salesforce' as const,
  environment: 'sandbox' as const,
  loginUrl,
  requiredScopes: ['api', 'refresh_token'],
  optionalScopes: ['web', 'openid'],
});
