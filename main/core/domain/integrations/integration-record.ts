import { z } from 'zod';

const verificationRecord = z.object({
  at: z.string(),
  outcome: z.enum(['passed', 'rejected', 'unreachable', 'unexpected']),
  message: z.string(),
  problem: z.enum(['callback-not-registered', 'unknown-client', 'credentials-rejected']).optional(),
  retrySoon: z.boolean().optional(),
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
  /**
   * How the Callback URL is formed: absent for integrations created before per-integration Callback
   * URLs (they keep the shared `/oauth/callback`); `host` is pinned by the one-click fix.
   */
  callback: z.object({ path: z.literal('per-integration'), host: z.enum(['127.0.0.1', 'localhost']).optional() }).optional(),
  status: z.enum(['draft', 'configured']),
  secretReplacedAt: z.string().optional(),
  verification: verificationRecord.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type IntegrationRecord = z.infer<typeof integrationRecordSchema>;

export const integrationsDocSchema = z.object({ integrations: z.array(integrationRecordSchema) });
export type IntegrationsDoc = z.infer<typeof integrationsDocSchema>;
