import { z } from 'zod';
import { hasNoHiddenCharacters, hiddenCharactersMessage } from './display-text.js';

/**
 * Runtime schemas for every payload the renderer may send.
 *
 * Main parses each call with these before any handler runs: the renderer is untrusted input. Limits on
 * length keep a hostile page from making main hold or log megabytes.
 */

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a valid id');

const scopeSchema = z.string().trim().min(1).max(100).regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'Not a valid scope');
const scopesSchema = z.array(scopeSchema).max(50);

export const integrationNameSchema = z
  .string({ error: 'Integration Name is required' })
  .trim()
  .min(1, 'Integration Name is required')
  .max(100, 'Integration Name must be at most 100 characters')
  .refine(hasNoHiddenCharacters, hiddenCharactersMessage('Integration Name'));

const clientIdSchema = z
  .string({ error: 'Client ID is required' })
  .trim()
  .min(1, 'Client ID is required')
  .max(255, 'Client ID must be at most 255 characters');

// Trimmed: a space pasted with the secret is never stored, and a secret of spaces is no secret.
const clientSecretSchema = z
  .string({ error: 'Client Secret is required' })
  .trim()
  .min(1, 'Client Secret is required')
  .max(4096, 'Client Secret is too long');

export const createIntegrationSchema = z.object({
  /** The id the create form showed in the Callback URL (`settings.callbackPreview`); a fresh one when absent. */
  id: z.string().regex(/^int_[A-Za-z0-9_-]{12}$/, 'Not a valid id').optional(),
  name: integrationNameSchema,
  offeringId: z.string({ error: 'Choose an Integration Offering' }).min(1, 'Choose an Integration Offering').max(64),
  clientId: clientIdSchema,
  clientSecret: clientSecretSchema,
  scopes: scopesSchema,
});

export const updateIntegrationSchema = z.object({
  id: idSchema,
  name: integrationNameSchema.optional(),
  clientId: clientIdSchema.optional(),
  scopes: scopesSchema.optional(),
});

export const replaceSecretSchema = z.object({ id: idSchema, clientSecret: clientSecretSchema });

export const byIdSchema = z.object({ id: idSchema });

export const listIntegrationsSchema = z
  .object({
    search: z.string().max(200).optional(),
    status: z.enum(['draft', 'configured']).optional(),
  })
  .optional();

const urlSchema = z.string().trim().max(2048);

const endpointsSchema = z.object({
  authorization: urlSchema,
  token: urlSchema,
  revocation: urlSchema.optional(),
  userinfo: urlSchema.optional(),
  introspection: urlSchema.optional(),
});

export const offeringInputSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters').refine(hasNoHiddenCharacters, hiddenCharactersMessage('Name')),
  kind: z.enum(['salesforce', 'generic']),
  environment: z.enum(['production', 'sandbox']),
  loginUrl: urlSchema.optional(),
  issuer: urlSchema.optional(),
  endpoints: endpointsSchema.optional(),
  requiredScopes: scopesSchema,
  optionalScopes: scopesSchema,
  /** "Expire refresh token if not used for N days" in the org's app policy; `null` = unknown. */
  refreshTokenIdleDays: z
    .number({ error: 'Use a number of days' })
    .int('Use whole days')
    .min(1, 'Use at least 1 day')
    .max(3650, 'Use at most 3650 days')
    .nullable()
    .optional(),
});

export const updateOfferingSchema = offeringInputSchema.partial().extend({ id: idSchema });

export const setOfferingEnabledSchema = z.object({ id: idSchema, enabled: z.boolean() });

export const passphraseSchema = z.object({
  passphrase: z.string().min(8, 'Use at least 8 characters').max(1024),
});

export const noInput = z.undefined().optional();
