import type { Environment } from './models.js';

/**
 * The connection domain's shapes as they cross to the renderer.
 *
 * No token, authorization code, PKCE verifier or state ever appears here: a connection is described by
 * who it belongs to, its status and its expiry, and the renderer asks main to act on it by id.
 */

/** `moved`: exported to another machine with "move connections too" (issue 16); no token is left here. */
export type ConnectionStatus = 'connected' | 'expired' | 'revoked' | 'deleted' | 'moved';

/** Where the access token's expiry came from, shown beside it. */
export type ExpirySource = 'from provider' | 'introspected' | 'assumed';

/** What the provider answered when the connection was revoked (RFC 7009). */
export interface RevocationAnswer {
  at: string;
  /**
   * `revoked`: the provider accepted the revocation (HTTP 200); `already-invalid`: it said the token was
   * not valid any more; `not-supported`: the provider has no revocation endpoint, tokens were only
   * deleted here; `no-token`: nothing was stored to revoke.
   */
  outcome: 'revoked' | 'already-invalid' | 'not-supported' | 'no-token';
  httpStatus?: number;
  message: string;
}

export interface Connection {
  id: string;
  integrationId: string;
  userEmail: string;
  userName: string;
  /** The provider's user id (Salesforce `005…`). */
  userId: string;
  /** The provider's org id (Salesforce `00D…`), or the issuer for providers without orgs. */
  orgId: string;
  orgName?: string;
  instanceUrl: string;
  environment: Environment;
  region?: string;
  status: ConnectionStatus;
  /** Why the status is what it is: the provider's refusal for `expired`, the revocation for `revoked`. */
  statusReason?: string;
  /** Scopes the provider granted. */
  scopes: string[];
  connectedAt: string;
  lastActiveAt: string;
  lastRefreshedAt?: string;
  /** When the current access token expires (ISO 8601), and how that is known. */
  expiresAt?: string;
  expirySource?: ExpirySource;
  /** The last refresh that failed for a transient reason (network, 5xx); the status is unchanged. */
  refreshProblem?: { at: string; message: string };
  revocation?: RevocationAnswer;
  deletedAt?: string;
  /** When it was moved to another machine (status `moved`, issue 16). */
  movedAt?: string;
}

/** What `connections.start` returns: the URL to open in the system browser, and where it comes back. */
export interface ConnectionFlow {
  flowId: string;
  integrationId: string;
  authorizationUrl: string;
  callbackUrl: string;
  /** When the loopback listener gives up waiting (ISO 8601). */
  expiresAt: string;
  /** True when main already opened the URL in the system browser (Electron); the page opens it otherwise. */
  opened: boolean;
  /** True when main tried to open the system browser and could not: the page shows the link to copy. */
  openFailed?: boolean;
}

export type FlowState = 'waiting' | 'completed' | 'failed' | 'cancelled' | 'timed-out';

/** One step of a sign-in, as `flows.changed` announces it. */
export interface FlowUpdate {
  flowId: string;
  integrationId: string;
  state: FlowState;
  at: string;
  /** `completed`: the connection created or updated. */
  connectionId?: string;
  /** `completed`: true when the same org and user was authorized again and the existing row updated. */
  updatedExisting?: boolean;
  /** `failed`, `cancelled`, `timed-out`: what to tell the admin. */
  message?: string;
}

export type HealthStepName = 'vault' | 'token' | 'identity' | 'scopes';

export interface HealthStep {
  step: HealthStepName;
  label: string;
  result: 'passed' | 'failed' | 'skipped';
  latencyMs: number;
  message: string;
}

/** The health ladder of one connection: each step's result and latency, in order. */
export interface HealthReport {
  connectionId: string;
  at: string;
  passed: boolean;
  steps: HealthStep[];
}

/** App-wide settings as the Settings page shows them. */
export interface DeskSettings {
  callbackHost: '127.0.0.1' | 'localhost';
  /** The port in effect (the `DESK_CALLBACK_PORT` override, else the saved one, else the default). */
  callbackPort: number;
  /** True when `DESK_CALLBACK_PORT` fixes the port: the saved port is then ignored. */
  callbackPortFromEnv: boolean;
  /** The exact Callback URL to register with the provider. */
  callbackUrl: string;
  /** Access-token lifetime assumed when neither the provider nor introspection says (default 120). */
  assumedTokenLifetimeMinutes: number;
  /** How often idle connections are refreshed so idle-token limits do not expire them; 0 = never. */
  keepAliveMinutes: number;
}

/** Whether the callback port can be listened on now, and if not, who holds it (where the OS tells). */
export interface CallbackTest {
  callbackUrl: string;
  free: boolean;
  message: string;
  owner?: { pid: number; command: string };
}

export interface AttentionConnection {
  id: string;
  integrationId: string;
  integrationName: string;
  userEmail: string;
  status: ConnectionStatus;
  reason: string;
}

export interface AttentionIntegration {
  id: string;
  name: string;
  reason: string;
}

/** The at-a-glance status the tray and the dashboard show. */
export interface StatusSummary {
  /** `attention` when any connection or integration needs the admin. */
  level: 'ok' | 'attention';
  /** Moved connections (issue 16) live on another machine now and are not counted. */
  counts: Record<Exclude<ConnectionStatus, 'moved'>, number>;
  integrations: { total: number; configured: number; draft: number };
  attention: { connections: AttentionConnection[]; integrations: AttentionIntegration[] };
  /** The connected connection whose access token expires first. */
  nextExpiry?: { connectionId: string; integrationId: string; userEmail: string; expiresAt: string; source: ExpirySource };
}
