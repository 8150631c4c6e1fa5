import * as oauth from 'oauth4webapi';
import type { ExpirySource } from '../../../preload/contract/connection-models.js';
import type { ProviderContext } from './provider-context.js';

export interface Expiry {
  expiresAt: string;
  source: ExpirySource;
}

/**
 * Works out when a fresh access token expires, and how we know.
 *
 * `expires_in` when the provider sends it; otherwise introspection's `exp` (Salesforce sends no
 * `expires_in`: the lifetime is the org's session timeout, which only introspection reveals); otherwise
 * the assumed lifetime from Settings. The source is recorded and shown, so an assumption is never
 * mistaken for a fact.
 */
export async function determineExpiry(
  ctx: ProviderContext,
  tokens: oauth.TokenEndpointResponse,
  nowMs: number,
  assumedLifetimeMs: number,
): Promise<Expiry> {
  if (typeof tokens.expires_in === 'number' && tokens.expires_in > 0) {
    return { expiresAt: new Date(nowMs + tokens.expires_in * 1000).toISOString(), source: 'from provider' };
  }
  const exp = await introspectedExpiry(ctx, tokens.access_token);
  if (exp !== undefined) return { expiresAt: new Date(exp * 1000).toISOString(), source: 'introspected' };
  return { expiresAt: new Date(nowMs + assumedLifetimeMs).toISOString(), source: 'assumed' };
}

/** The `exp` of an active access token by introspection, or undefined when the provider will not say. */
async function introspectedExpiry(ctx: ProviderContext, accessToken: string): Promise<number | undefined> {
  const { as, options } = ctx.provider;
  if (!as.introspection_endpoint) return undefined;
  try {
    const response = await oauth.introspectionRequest(as, ctx.client, ctx.clientAuth, accessToken, {
      ...options,
      additionalParameters: { token_type_hint: 'access_token' },
    });
    const result = await oauth.processIntrospectionResponse(as, ctx.client, response);
    return result.active && typeof result.exp === 'number' && result.exp > 0 ? result.exp : undefined;
  } catch {
    // Introspection is optional for our purposes: an assumed expiry, clearly labelled, is the fallback.
    return undefined;
  }
}
