import type { Clock } from '../support/clock.js';
import type { ConnectionRecord } from './connection-record.js';

/** What the local API hands to scripts; never sent to the renderer. */
export interface Credentials {
  accessToken: string;
  instanceUrl: string;
  environment: 'production' | 'sandbox';
  region: string | null;
  tokenType: string;
  expiresAt: string;
}

/** A connection's credentials in the hosted API's shape, from its record and a working access token (`clock`: for a record with no expiry). */
export function credentialsFrom(record: ConnectionRecord, accessToken: string, clock: Clock): Credentials {
  return {
    accessToken,
    instanceUrl: record.instanceUrl,
    environment: record.environment,
    region: record.region ?? null,
    tokenType: record.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : record.tokenType,
    expiresAt: record.expiresAt ?? new Date(clock.now()).toISOString(),
  };
}
