/**
 * The audit trail as it crosses to the renderer: who did what, when, to which integration, and for a
 * setting its previous and new value. Never a secret: a replaced Client Secret is recorded as "replaced"
 * without either value, and tokens and API key values never appear.
 */

/** The trail's filters, as the Activity tab offers them. */
export type ActivityCategory = 'credentials' | 'connections' | 'api-keys' | 'local-api';

export type ActivityKind =
  // Credentials and settings of the integration
  | 'created'
  | 'edited'
  | 'secret-replaced'
  | 'verification-passed'
  | 'verification-failed'
  | 'status-changed'
  | 'deleted'
  // Connections
  | 'connection-connected'
  | 'connection-reauthorized'
  | 'connection-revoked'
  | 'connection-deleted'
  | 'connection-refresh-failed'
  | 'connection-expired'
  | 'connection-tested'
  // API keys
  | 'api-key-generated'
  | 'api-key-revoked'
  // The local API (app-wide: shown in every integration's trail)
  | 'local-api-enabled'
  | 'local-api-disabled'
  | 'local-api-changed';

/** Who acted: the admin in the window, or the app on its own (a background refresh, a keep-alive). */
export type ActivityActor = 'admin' | 'app';

/** One setting's change; values are plain text and never secret. */
export interface ActivityChange {
  field: string;
  from?: string;
  to?: string;
}

export interface ActivityEntry {
  id: string;
  /** Absent for app-wide events (the local API). */
  integrationId?: string;
  at: string;
  kind: ActivityKind;
  category: ActivityCategory;
  actor: ActivityActor;
  /** What happened, in plain words. */
  message: string;
  /** The protocol detail (an OAuth error code, an HTTP status), shown behind a Details disclosure. */
  detail?: string;
  changes?: ActivityChange[];
  connectionId?: string;
  apiKeyId?: string;
  /** Health checks and verifications: whether they passed. */
  outcome?: 'passed' | 'failed';
}

/** One page of the trail, newest first; `nextCursor` asks for the next (older) page. */
export interface ActivityPage {
  entries: ActivityEntry[];
  nextCursor?: string;
}
