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
  /** The provider's own code behind `statusReason` (e.g. `invalid_grant`, HTTP 400), for a details toggle. */
  statusCode?: string;
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
  /**
   * When the refresh token dies if it goes unused, where the offering knows its org's policy ("expire
   * refresh token if not used for N days"); refreshing moves it on.
   */
  idleExpiresAt?: string;
  /** True when `idleExpiresAt` is near: the list and the tray warn. */
  expiresSoon?: boolean;
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
  /**
   * `waiting`: the provider shows an error page instead of its login page (found by asking its
   * authorize endpoint the same question), and what to fix.
   */
  providerProblem?: { code: string; message: string };
  /**
   * `failed`: a reauthorization signed in as another user or org, so the connection was left as it
   * was; the sign-in is held until the admin adds it as a new connection or discards it.
   */
  identityMismatch?: IdentityMismatch;
}

/** Who a reauthorization expected, and who signed in instead. */
export interface IdentityMismatch {
  /** `user`: another user; `org`: the same user id in another org (e.g. a refreshed sandbox). */
  kind: 'user' | 'org';
  connectionId: string;
  expected: { userEmail: string; orgId: string; orgName?: string };
  received: { userEmail: string; orgId: string; orgName?: string };
  /** When the held sign-in is discarded if nobody decides (ISO 8601). */
  decideBy: string;
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

/** The Callback URL's host: the provider's choice (`auto`), or one host for every provider. */
export type CallbackHostSetting = 'auto' | '127.0.0.1' | 'localhost';

/** App-wide settings as the Settings page shows them. */
export interface DeskSettings {
  /** `auto`: `localhost` for Salesforce offerings (Salesforce refuses http on 127.0.0.1), `127.0.0.1` otherwise. */
  callbackHost: CallbackHostSetting;
  /** The port in effect (the `DESK_CALLBACK_PORT` override, else the saved one, else the default). */
  callbackPort: number;
  /** True when `DESK_CALLBACK_PORT` fixes the port: the saved port is then ignored. */
  callbackPortFromEnv: boolean;
  /**
   * The shape of a new integration's Callback URL, with `<integration id>` standing for its id (each
   * integration has its own path); the Salesforce form when the host follows the provider.
   */
  callbackUrl: string;
  /** The same shape for each kind of provider, for the Settings page to list. */
  callbackUrls: { salesforce: string; generic: string };
  /** Access-token lifetime assumed when neither the provider nor introspection says (default 120). */
  assumedTokenLifetimeMinutes: number;
  /** How often idle connections are refreshed so idle-token limits do not expire them; 0 = never. */
  keepAliveMinutes: number;
}

/** The Callback URL a new integration of an offering will have, before it is created. */
export interface CallbackPreview {
  /** The id the integration will be created with (pass it to `integrations.create`). */
  integrationId: string;
  callbackUrl: string;
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
  /** Listed because its refresh token will expire unused soon (not because anything failed). */
  expiresSoon?: boolean;
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
