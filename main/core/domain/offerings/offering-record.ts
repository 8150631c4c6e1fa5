import { z } from 'zod';

const endpointsRecord = z.object({
  authorization: z.string(),
  token: z.string(),
  revocation: z.string().optional(),
  userinfo: z.string().optional(),
  introspection: z.string().optional(),
});

/** An offering as stored; the contract's `Offering` adds derived fields (endpoints, usage count). */
export const offeringRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['salesforce', 'generic']),
  environment: z.enum(['production', 'sandbox']),
  loginUrl: z.string().optional(),
  issuer: z.string().optional(),
  endpoints: endpointsRecord.optional(),
  requiredScopes: z.array(z.string()),
  optionalScopes: z.array(z.string()),
  /** The org's "expire refresh token if not used for N days" policy, when the admin knows it. */
  refreshTokenIdleDays: z.number().int().min(1).max(3650).optional(),
  builtIn: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type OfferingRecord = z.infer<typeof offeringRecordSchema>;

export const offeringsDocSchema = z.object({ offerings: z.array(offeringRecordSchema) });
export type OfferingsDoc = z.infer<typeof offeringsDocSchema>;
