import { z } from 'zod';
import { idSchema } from './schemas.js';

/**
 * Runtime schemas for the connection and settings calls; main parses every payload with these first.
 */

export const connectionStatusSchema = z.enum(['connected', 'expired', 'revoked', 'deleted', 'moved']);

export const listConnectionsSchema = z
  .object({
    integrationId: idSchema.optional(),
    /** Deleted connections (tombstones) are listed only when asked for by this filter. */
    status: connectionStatusSchema.optional(),
    environment: z.enum(['production', 'sandbox']).optional(),
    /** Case-insensitive substring of the user's email. */
    search: z.string().max(200).optional(),
  })
  .optional();

export const startConnectionSchema = z.object({
  integrationId: idSchema,
  /** Reauthorize: the connection whose user should sign in again (sent as a login hint). */
  connectionId: idSchema.optional(),
});

export const flowIdSchema = z.object({ flowId: idSchema });

export const completeManuallySchema = z.object({
  flowId: idSchema,
  redirectUrl: z
    .string({ error: 'Paste the full address from the browser' })
    .trim()
    .min(1, 'Paste the full address from the browser')
    .max(8192, 'That address is too long to be a callback'),
});

const callbackHostSchema = z.enum(['auto', '127.0.0.1', 'localhost']);
const callbackPortSchema = z
  .number({ error: 'The port must be a number' })
  .int('The port must be a whole number')
  .min(1024, 'Use a port from 1024 to 65535')
  .max(65535, 'Use a port from 1024 to 65535');

export const updateSettingsSchema = z.object({
  callbackHost: callbackHostSchema.optional(),
  /** `null` goes back to the default port. */
  callbackPort: callbackPortSchema.nullable().optional(),
  assumedTokenLifetimeMinutes: z
    .number()
    .int('Use whole minutes')
    .min(5, 'Use at least 5 minutes')
    .max(7 * 24 * 60, 'Use at most 7 days')
    .optional(),
  keepAliveMinutes: z
    .number()
    .int('Use whole minutes')
    .min(0, 'Use 0 to turn keep-alive off')
    .max(30 * 24 * 60, 'Use at most 30 days')
    .refine((m) => m === 0 || m >= 15, 'Use at least 15 minutes, or 0 to turn keep-alive off')
    .optional(),
});

/** The Callback URL a new integration of this offering will have; `integrationId` keeps an id already shown. */
export const callbackPreviewSchema = z.object({
  offeringId: idSchema.optional(),
  integrationId: z.string().regex(/^int_[A-Za-z0-9_-]{12}$/, 'Not a valid id').optional(),
});

/** A held sign-in (a reauthorization that returned another user or org). */
export const heldSignInSchema = z.object({ flowId: idSchema });

/** Test the saved callback settings, or a candidate host and port before saving them. */
export const testCallbackSchema = z
  .object({ callbackHost: callbackHostSchema.optional(), callbackPort: callbackPortSchema.optional() })
  .optional();
