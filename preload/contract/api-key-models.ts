/**
 * The API-key and local-API shapes as they cross to the renderer.
 *
 * An API key's value appears in exactly one place: `CreatedApiKey.value`, the response of
 * `apiKeys.create`. Everything else describes a key by its id, name and non-secret public key; main
 * keeps only a hash of the value, so no later call could return it even by mistake.
 */

export type ApiKeyStatus = 'active' | 'revoked';

export interface ApiKey {
  id: string;
  integrationId: string;
  /** The "API Key Name" the admin gave it. */
  name: string;
  /** Non-secret identifier (`desk_pk_…`), safe to show, log and paste into tickets. */
  publicKey: string;
  status: ApiKeyStatus;
  createdAt: string;
  /** Last authenticated request (ISO 8601); absent until the key is first used. */
  lastUsedAt?: string;
  /** Authenticated requests made with the key, rate-limited ones included. */
  requestCount: number;
  revokedAt?: string;
}

/** What `apiKeys.create` returns: the key, and its value, shown once and never again. */
export interface CreatedApiKey {
  key: ApiKey;
  /** The secret (`desk_sk_…`). Not stored anywhere in readable form: copy it now. */
  value: string;
}

/** Whether the local credentials API is on, and where it listens. */
export interface LocalApiStatus {
  /** The saved switch: the server starts with the app when on. */
  enabled: boolean;
  /** True while the server is actually listening. */
  running: boolean;
  host: '127.0.0.1';
  /** The port it listens on when running, else the port it would use. */
  port: number;
  /** True when `DESK_API_PORT` fixes the port: the saved port is then ignored. */
  portFromEnv: boolean;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Requests per minute allowed per API key (default 100). */
  rateLimitPerMinute: number;
  /** Why an enabled server is not running (e.g. the port is taken). */
  problem?: string;
}
