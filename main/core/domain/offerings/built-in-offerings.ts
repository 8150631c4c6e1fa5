import type { Environment } from '../../../../preload/contract/models.js';
import type { OfferingRecord } from './offering-record.js';
import { SALESFORCE_PRODUCTION_LOGIN, SALESFORCE_SANDBOX_LOGIN } from './salesforce-endpoints.js';

export const SALESFORCE_REQUIRED_SCOPES = ['api', 'refresh_token'];
export const SALESFORCE_OPTIONAL_SCOPES = ['web', 'openid'];

const salesforce = (id: string, name: string, environment: Environment, loginUrl: string): OfferingRecord => ({
  id,
  name,
  kind: 'salesforce',
  environment,
  loginUrl,
  requiredScopes: [...SALESFORCE_REQUIRED_SCOPES],
  optionalScopes: [...SALESFORCE_OPTIONAL_SCOPES],
  builtIn: true,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** The offerings every profile starts with, as the hosted product defines them. */
export const builtInOfferings = (): OfferingRecord[] => [
  salesforce('salesforce-production', 'Salesforce (production)', 'production', SALESFORCE_PRODUCTION_LOGIN),
  salesforce('salesforce-sandbox', 'Salesforce (sandbox)', 'sandbox', SALESFORCE_SANDBOX_LOGIN),
];
