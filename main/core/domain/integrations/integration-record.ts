import { z } from 'zod';

const verificationRecord = z.object({
  at: z.string(),
  outcome: z.enum(['passed', 'rejected', 'unreachable', 'unexpected']),
  message: z.string(),
});

/**
 * An integration as stored in the metadata file. No secret lives here: the client secret is in the
 * vault under the integration's namespace, and this record only remembers when it was last replaced.
 */
export const integrationRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  offeringId: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['draft', 'configured']),
  secretReplacedAt: z.string().optional(),
  verification: verificationRecord.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type IntegrationRecord = z.infer<typeof integrationRecordSchema>;

export const integrationsDocSchema = z.object({ integrations: z.array(integrationRecordSchema) });
export type IntegrationsDoc = z.infer<typeof integrationsDocSchema>;
