import type { z } from 'zod';
import type { offeringInputSchema } from '../../../../preload/contract/schemas.js';
import { DeskError } from '../../support/desk-error.js';
import type { OfferingRecord } from './offering-record.js';
import { checkProviderUrl } from './provider-url.js';

export type OfferingInput = z.output<typeof offeringInputSchema>;
type OfferingFields = Pick<
  OfferingRecord,
  'name' | 'kind' | 'environment' | 'loginUrl' | 'issuer' | 'endpoints' | 'requiredScopes' | 'optionalScopes' | 'refreshTokenIdleDays'
>;

/**
 * Applies the domain's rules to an offering as entered, returning the fields to store.
 *
 * A Salesforce-kind offering needs a login URL; a generic one needs an issuer (for discovery) or explicit
 * authorization and token endpoints. Every URL must be https (loopback may be http). A scope may not be
 * both required and optional. All problems are reported at once, one message per field.
 */
export function checkOffering(input: OfferingInput, others: OfferingRecord[], selfId?: string): OfferingFields {
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  if (others.some((o) => o.id !== selfId && o.name.toLowerCase() === name.toLowerCase())) {
    fields.name = `An offering named "${name}" already exists`;
  }
  const url = (value: string | undefined, key: string, label: string, required: boolean): string | undefined => {
    if (value === undefined || value.trim() === '') {
      if (required) fields[key] = `${label} is required`;
      return undefined;
    }
    const checked = checkProviderUrl(value, label);
    if ('error' in checked) {
      fields[key] = checked.error;
      return undefined;
    }
    return checked.url;
  };

  const result: OfferingFields = {
    name,
    kind: input.kind,
    environment: input.environment,
    requiredScopes: unique(input.requiredScopes),
    optionalScopes: unique(input.optionalScopes),
    ...(typeof input.refreshTokenIdleDays === 'number' ? { refreshTokenIdleDays: input.refreshTokenIdleDays } : {}),
  };
  if (input.kind === 'salesforce') {
    result.loginUrl = url(input.loginUrl, 'loginUrl', 'Login URL', true);
  } else {
    const hasEndpoints = Boolean(input.endpoints?.authorization?.trim() || input.endpoints?.token?.trim());
    if (!hasEndpoints) {
      result.issuer = url(input.issuer, 'issuer', 'Issuer', true);
    } else {
      const e = input.endpoints!;
      const authorization = url(e.authorization, 'endpoints.authorization', 'Authorization endpoint', true);
      const token = url(e.token, 'endpoints.token', 'Token endpoint', true);
      const revocation = url(e.revocation, 'endpoints.revocation', 'Revocation endpoint', false);
      const userinfo = url(e.userinfo, 'endpoints.userinfo', 'Userinfo endpoint', false);
      const introspection = url(e.introspection, 'endpoints.introspection', 'Introspection endpoint', false);
      if (authorization && token) {
        result.endpoints = dropUndefined({ authorization, token, revocation, userinfo, introspection });
      }
      if (input.issuer?.trim()) result.issuer = url(input.issuer, 'issuer', 'Issuer', false);
    }
  }
  if (result.requiredScopes.length === 0) fields.requiredScopes = 'At least one required scope is needed';
  const both = result.requiredScopes.filter((s) => result.optionalScopes.includes(s));
  if (both.length > 0) fields.optionalScopes = `A scope cannot be both required and optional: ${both.join(', ')}`;

  if (Object.keys(fields).length > 0) {
    throw new DeskError('VALIDATION', Object.values(fields).length === 1 ? Object.values(fields)[0]! : 'Please correct the highlighted fields.', fields);
  }
  return result;
}

const unique = (scopes: string[]): string[] => [...new Set(scopes.map((s) => s.trim()).filter(Boolean))];

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
