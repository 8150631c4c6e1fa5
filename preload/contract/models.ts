/**
 * The shapes that cross the boundary between main and the renderer.
 *
 * Nothing here may carry a secret: a client secret is represented only by whether it is set and when it
 * was last replaced; tokens and API key values never appear at all.
 */

export type Environment = 'production' | 'sandbox';
export type OfferingKind = 'salesforce' | 'generic';

export interface OfferingEndpoints {
  authorization: string;
  token: string;
  revocation?: string;
  userinfo?: string;
  introspection?: string;
}

export interface Offering {
  id: string;
  name: string;
  kind: OfferingKind;
  environment: Environment;
  /** Salesforce kind: the login host (login, test or a My Domain). */
  loginUrl?: string;
  /** Generic kind: the issuer, when endpoints come from discovery. */
  issuer?: string;
  /** Generic kind given explicitly, or the Salesforce endpoints derived from the login URL. */
  endpoints?: OfferingEndpoints;
  requiredScopes: string[];
  optionalScopes: string[];
  /**
   * The org's refresh-token policy "expire refresh token if not used for N days", when known: keep-alive
   * refreshes well before it and connections show when they would expire. Unknown by default.
   */
  refreshTokenIdleDays?: number;
  builtIn: boolean;
  enabled: boolean;
  /** Integrations that use it; an offering in use can be disabled, not deleted. */
  integrationCount: number;
  createdAt: string;
  updatedAt: string;
}

export type IntegrationStatus = 'draft' | 'configured';
export type VerificationOutcome = 'passed' | 'rejected' | 'unreachable' | 'unexpected';

export interface Verification {
  at: string;
  outcome: VerificationOutcome;
  message: string;
  /**
   * What the provider refused, when it said: the Callback URL is not registered, the client id is
   * unknown, or the secret was refused.
   */
  problem?: 'callback-not-registered' | 'unknown-client' | 'credentials-rejected';
  /** The app may still be activating at the provider (Salesforce: 2–10 minutes): offer Retry. */
  retrySoon?: boolean;
}

export interface Integration {
  id: string;
  name: string;
  offeringId: string;
  offeringName: string;
  clientId: string;
  scopes: string[];
  status: IntegrationStatus;
  secret: { set: boolean; lastReplacedAt?: string };
  verification?: Verification;
  connectionCount: number;
  lastActivityAt?: string;
  /** This integration's own Callback URL, to register exactly in the provider's app. */
  callbackUrl: string;
  /** The provider would refuse `callbackUrl` (Salesforce: http only for localhost); the fix gives `fixedUrl`. */
  callbackIssue?: { message: string; fixedUrl: string };
  createdAt: string;
  updatedAt: string;
}

/** The first rows of the integrations list by name, and how many integrations there are in all. */
export interface IntegrationsPage {
  rows: Integration[];
  total: number;
}

export type { ActivityEntry, ActivityKind } from './activity-models.js';

export type VaultProtection = 'os' | 'key-file' | 'passphrase' | 'weak';

/**
 * `key-missing`: the key that encrypted saved secrets is gone or different (a deleted or replaced
 * `vault.key`, a reset keyring); nothing new is saved until it is restored.
 */
export type VaultState = 'ready' | 'needs-decision' | 'locked' | 'key-missing';

export interface VaultStatus {
  backend: string;
  protection: VaultProtection;
  state: VaultState;
  weakAccepted: boolean;
  message: string;
  /**
   * Offered when some secrets still use browser mode's key although the desktop app's key store could
   * hold them (`security.reencrypt`); human labels of both key stores.
   */
  reencrypt?: { from: string; to: string };
  /**
   * Secrets saved by the desktop app under a key store browser mode cannot use: which one, and what to
   * do so that they can be opened.
   */
  desktopOnly?: { keyStore: string; message: string };
}

export interface RecoveryNotice {
  store: string;
  at: string;
  reason: string;
  restoredFrom: 'backup' | 'defaults';
  quarantinedFile: string;
}

export interface SecurityStatus {
  vault: VaultStatus;
  recoveries: RecoveryNotice[];
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
}
