import type { Clock } from '../support/clock.js';
import type { ProviderContext } from './provider-context.js';

/**
 * How long a proven registration spares a sign-in the authorize preflight (issue 15). A Callback URL
 * removed from the provider's app since then shows its error page in the browser as before; the panel
 * names the problem again at the first sign-in after the proof lapses or fails.
 */
export const REGISTRATION_PROOF_MS = 10 * 60_000;

/**
 * What the authorize endpoint checks before any login, and what a change of it could break: the client
 * id, the Callback URL, the authorize endpoint — and, so that a proof never outlives an edit, the
 * integration's and offering's versions and the secret's replacement.
 */
export const registrationOf = (ctx: ProviderContext, redirectUri: string): string =>
  JSON.stringify([
    ctx.integration.clientId,
    redirectUri,
    ctx.provider.endpoints.authorization,
    ctx.integration.updatedAt,
    ctx.integration.secretReplacedAt ?? '',
    ctx.offering.updatedAt,
  ]);

/**
 * Per integration, the registration a preflight accepted or a sign-in used successfully, and when. A
 * sign-in with the same registration within `REGISTRATION_PROOF_MS` skips the preflight (one request to
 * the provider fewer, while its login page loads). Any sign-in of the integration that ends otherwise —
 * failed, refused, timed out, cancelled, replaced — drops the proof, so the next one asks again.
 */
export function createRegistrationProofs(clock: Clock) {
  const proofs = new Map<string, { registration: string; at: number }>();
  return {
    isProven(integrationId: string, registration: string): boolean {
      const proof = proofs.get(integrationId);
      return proof !== undefined && proof.registration === registration && clock.now() - proof.at < REGISTRATION_PROOF_MS;
    },
    prove(integrationId: string, registration: string): void {
      proofs.set(integrationId, { registration, at: clock.now() });
    },
    drop(integrationId: string): void {
      proofs.delete(integrationId);
    },
  };
}
