import type * as oauth from 'oauth4webapi';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { OfferingRecord } from '../domain/offerings/offering-record.js';
import { clientAuthFor, resolveProvider, type Fetch, type ResolvedProvider } from '../domain/offerings/resolve-endpoints.js';
import { isNetworkError } from '../oauth/provider-errors.js';
import { DeskError } from '../support/desk-error.js';

/** Everything a protocol call for one integration needs, secret included; it never leaves main. */
export interface ProviderContext {
  integration: IntegrationRecord;
  offering: OfferingRecord;
  provider: ResolvedProvider;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  clientSecret: string;
}

export interface ProviderContextDeps {
  record(integrationId: string): IntegrationRecord;
  offering(offeringId: string): OfferingRecord;
  secretOf(integrationId: string): string;
  fetch: Fetch;
}

export type ProviderContexts = (integrationId: string) => Promise<ProviderContext>;

/**
 * Builds the per-integration protocol context, resolving each offering's endpoints once.
 *
 * A generic offering given by its issuer needs a discovery request; its result is kept per offering
 * version (an edited offering is resolved again), and a failed discovery is not kept.
 */
export function createProviderContexts(deps: ProviderContextDeps): ProviderContexts {
  const resolved = new Map<string, Promise<ResolvedProvider>>();

  const providerFor = (offering: OfferingRecord): Promise<ResolvedProvider> => {
    const key = `${offering.id}@${offering.updatedAt}`;
    let pending = resolved.get(key);
    if (!pending) {
      pending = resolveProvider(offering, deps.fetch);
      resolved.set(key, pending);
      pending.catch(() => resolved.delete(key));
    }
    return pending;
  };

  return async (integrationId) => {
    const integration = deps.record(integrationId);
    const offering = deps.offering(integration.offeringId);
    let provider: ResolvedProvider;
    try {
      provider = await providerFor(offering);
    } catch (error) {
      throw isNetworkError(error)
        ? new DeskError('UNREACHABLE', `Could not reach ${offering.name} (discovery failed). Check the network and try again.`)
        : new DeskError('PROVIDER_ERROR', `The discovery document of ${offering.name} could not be used.`);
    }
    const clientSecret = deps.secretOf(integrationId);
    return {
      integration,
      offering,
      provider,
      client: { client_id: integration.clientId },
      clientAuth: clientAuthFor(offering, clientSecret),
      clientSecret,
    };
  };
}
