import type { Integration } from './models.js';
import type {
  CallbackPreview,
  CallbackTest,
  Connection,
  ConnectionFlow,
  DeskSettings,
  FlowUpdate,
  HealthReport,
  StatusSummary,
} from './connection-models.js';
import {
  callbackPreviewSchema,
  completeManuallySchema,
  flowIdSchema,
  heldSignInSchema,
  listConnectionsSchema,
  startConnectionSchema,
  testCallbackSchema,
  updateSettingsSchema,
} from './connection-schemas.js';
import { channel, event } from './define.js';
import { byIdSchema, noInput } from './schemas.js';

/**
 * Channels of the connections domain (the loopback OAuth flow, tokens, revocation, health) and the
 * app-wide settings they depend on. Merged into the contract's single channel map in `channels.ts`.
 *
 * Tokens never cross this boundary: the renderer starts flows and acts on connections by id, and main
 * keeps every token, code and verifier to itself.
 */
export const connectionChannels = {
  /** Connections of one integration (or all), newest first; deleted ones only with `status: 'deleted'`. */
  'connections.list': channel<Connection[]>()(listConnectionsSchema),
  'connections.get': channel<Connection>()(byIdSchema),
  /** Opens the loopback listener and returns the authorization URL (Electron: already opened). */
  'connections.start': channel<ConnectionFlow>()(startConnectionSchema),
  'connections.cancel': channel<FlowUpdate>()(flowIdSchema),
  /** The manual fallback: the full redirect URL pasted from the browser, validated like the listener's. */
  'connections.completeManually': channel<FlowUpdate>()(completeManuallySchema),
  /** A reauthorization that returned another user or org: add that sign-in as a new connection. */
  'connections.addHeldSignIn': channel<FlowUpdate>()(heldSignInSchema),
  /** …or discard it (its tokens are revoked at the provider). */
  'connections.discardHeldSignIn': channel<FlowUpdate>()(heldSignInSchema),
  'connections.refresh': channel<Connection>()(byIdSchema),
  'connections.test': channel<HealthReport>()(byIdSchema),
  'connections.revoke': channel<Connection>()(byIdSchema),
  'connections.delete': channel<Connection>()(byIdSchema),

  'settings.get': channel<DeskSettings>()(noInput),
  'settings.update': channel<DeskSettings>()(updateSettingsSchema),
  'settings.testCallback': channel<CallbackTest>()(testCallbackSchema),
  /** The Callback URL a new integration of an offering will have (the create form shows it before saving). */
  'settings.callbackPreview': channel<CallbackPreview>()(callbackPreviewSchema),
  /** The one-click fix for a Callback URL the provider would refuse: the provider's own form, per integration. */
  'integrations.fixCallbackUrl': channel<Integration>()(byIdSchema),

  'status.summary': channel<StatusSummary>()(noInput),
} as const;

export const connectionEvents = {
  /** Rows of one integration changed (created, refreshed, expired, revoked, deleted). */
  'connections.changed': event<{ integrationId: string; ids: string[] }>(),
  /** A sign-in moved: waiting, completed, failed, cancelled or timed out. */
  'flows.changed': event<FlowUpdate>(),
  'settings.changed': event<DeskSettings>(),
} as const;
