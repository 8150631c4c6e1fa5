import { activityChannels } from './activity-channels.js';
import { preferencesChannels } from './preferences-channels.js';
import { apiKeyChannels, apiKeyEvents } from './api-key-channels.js';
import { bundleChannels, bundleEvents } from './bundle-channels.js';
import { connectionChannels, connectionEvents } from './connection-channels.js';
import { channel, event } from './define.js';
import { statusChannels, statusEvents } from './status-channels.js';
import type {
  ActivityEntry,
  AppInfo,
  Integration,
  IntegrationsPage,
  Offering,
  SecurityStatus,
  Verification,
} from './models.js';
import {
  byIdSchema,
  createIntegrationSchema,
  listIntegrationsSchema,
  noInput,
  offeringInputSchema,
  passphraseSchema,
  replaceSecretSchema,
  setOfferingEnabledSchema,
  updateIntegrationSchema,
  updateOfferingSchema,
} from './schemas.js';

/**
 * Every request/response channel between the renderer and main: `domain.verb` → schema and response.
 *
 * The preload API, main's registration and the browser-mode transport are all derived from this map,
 * so a channel that is declared but not handled (or misspelled) is a compile error.
 */
export const channels = {
  'app.info': channel<AppInfo>()(noInput),

  'offerings.list': channel<Offering[]>()(noInput),
  'offerings.create': channel<Offering>()(offeringInputSchema),
  'offerings.update': channel<Offering>()(updateOfferingSchema),
  'offerings.setEnabled': channel<Offering>()(setOfferingEnabledSchema),
  'offerings.delete': channel<{ id: string }>()(byIdSchema),

  'integrations.list': channel<Integration[]>()(listIntegrationsSchema),
  /**
   * The list's first rows (the first 100 by name) and how many integrations there are: what the window
   * shows at start-up before the whole list arrives (issue 15).
   */
  'integrations.firstPage': channel<IntegrationsPage>()(noInput),
  'integrations.get': channel<Integration>()(byIdSchema),
  'integrations.create': channel<Integration>()(createIntegrationSchema),
  'integrations.update': channel<Integration>()(updateIntegrationSchema),
  'integrations.replaceSecret': channel<Integration>()(replaceSecretSchema),
  'integrations.verify': channel<{ integration: Integration; verification: Verification }>()(byIdSchema),
  'integrations.delete': channel<{ id: string }>()(byIdSchema),
  /** The newest entries of the audit trail (the first 200 of `activity.list`). */
  'integrations.activity': channel<ActivityEntry[]>()(byIdSchema),

  'security.status': channel<SecurityStatus>()(noInput),
  'security.setPassphrase': channel<SecurityStatus>()(passphraseSchema),
  'security.unlock': channel<SecurityStatus>()(passphraseSchema),
  'security.acceptWeakProtection': channel<SecurityStatus>()(noInput),
  /** Move the secrets browser mode's key encrypted to the desktop app's key store (`VaultStatus.reencrypt`). */
  'security.reencrypt': channel<SecurityStatus>()(noInput),

  ...activityChannels,
  ...preferencesChannels,
  ...connectionChannels,
  ...apiKeyChannels,
  ...statusChannels,
  ...bundleChannels,
} as const;

/** Main → renderer events, named in the past tense. */
export const events = {
  'integrations.changed': event<{ ids: string[] }>(),
  'offerings.changed': event<{ ids: string[] }>(),
  'security.changed': event<SecurityStatus>(),
  ...connectionEvents,
  ...apiKeyEvents,
  ...statusEvents,
  ...bundleEvents,
} as const;
