import * as oauth from 'oauth4webapi';
import type { RevocationAnswer } from '../../../preload/contract/connection-models.js';
import { classifyProviderError, statusText } from '../oauth/provider-errors.js';
import { DeskError } from '../support/desk-error.js';
import type { ProviderContext } from './provider-context.js';

/**
 * Revokes a connection's refresh token at the provider (RFC 7009), and says what the provider answered.
 *
 * Revoking the refresh token revokes its access tokens too (Salesforce, RFC 7009 §2.1). HTTP 200 means
 * done, even for a token that was already invalid. A provider that answers `invalid_token` (Salesforce
 * does, with 400) is telling us there is nothing left to revoke, which is as good. Anything that leaves
 * the token possibly alive — no answer, 5xx, a refused client — throws, so the caller does not mark
 * the connection revoked while its token still works.
 */
export async function revokeAtProvider(ctx: ProviderContext, token: string | undefined, at: string): Promise<RevocationAnswer> {
  const { as, options } = ctx.provider;
  if (!token) return { at, outcome: 'no-token', message: 'No token was stored, so there was nothing to revoke at the provider.' };
  if (!as.revocation_endpoint) {
    return { at, outcome: 'not-supported', message: `${ctx.offering.name} has no revocation endpoint: the tokens were deleted here only.` };
  }
  try {
    const response = await oauth.revocationRequest(as, ctx.client, ctx.clientAuth, token, {
      ...options,
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    const status = response.status;
    // Salesforce answers 400 `invalid_token` for a token that is already invalid, form-encoded
    // (`error=invalid_token&…`), which oauth4webapi cannot read as an OAuth error body.
    const dead = status === 400 ? await invalidTokenCode(response.clone()) : undefined;
    if (dead) {
      await response.body?.cancel().catch(() => undefined);
      return { at, outcome: 'already-invalid', httpStatus: status, message: `The provider reported the token as already revoked (${dead}, HTTP ${status}), so it is marked revoked.` };
    }
    await oauth.processRevocationResponse(response);
    return { at, outcome: 'revoked', httpStatus: status, message: `The provider revoked the refresh token and its access tokens (HTTP ${status}).` };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError && (error.error === 'invalid_token' || error.error === 'invalid_grant')) {
      return { at, outcome: 'already-invalid', httpStatus: error.status, message: `The provider reported the token as already revoked (${error.error}, HTTP ${error.status}), so it is marked revoked.` };
    }
    const failure = classifyProviderError(error);
    if (failure.kind === 'transient') {
      throw new DeskError('UNREACHABLE', `Could not reach the provider to revoke the token (${statusText(failure.status)}). Nothing was changed; try again.`);
    }
    if (failure.kind === 'invalid_client') {
      throw new DeskError('PROVIDER_ERROR', `The provider refused the integration's credentials when revoking (HTTP ${failure.status}). Nothing was changed.`);
    }
    if (failure.kind === 'rejected') {
      throw new DeskError('PROVIDER_ERROR', `The provider refused the revocation: ${failure.code} (HTTP ${failure.status}). Nothing was changed.`);
    }
    throw new DeskError('PROVIDER_ERROR', 'The provider did not answer the revocation like an OAuth revocation endpoint. Nothing was changed.');
  }
}

/** The error code of a 400 revocation answer when it says the token is dead, whatever the body's format. */
async function invalidTokenCode(response: Response): Promise<string | undefined> {
  let text: string;
  try {
    text = (await response.text()).slice(0, 4096);
  } catch {
    return undefined;
  }
  let code: string | undefined;
  try {
    const doc: unknown = JSON.parse(text);
    if (doc && typeof doc === 'object' && typeof (doc as { error?: unknown }).error === 'string') code = (doc as { error: string }).error;
  } catch {
    code = new URLSearchParams(text.trim()).get('error') ?? undefined;
  }
  return code === 'invalid_token' || code === 'invalid_grant' ? code : undefined;
}
