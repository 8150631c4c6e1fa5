import type { AppInfo } from '../../../preload/contract/models.js';
import type { UiPreferencesService } from '../domain/preferences/ui-preferences.js';
import type { IntegrationService } from '../domain/integrations/integration-service.js';
import type { OfferingService } from '../domain/offerings/offering-service.js';
import type { SecurityService } from '../security/security-service.js';
import type { Handlers } from './handlers.js';
import { createConnectionHandlers } from '../connections/connection-handlers.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { SettingsService } from '../settings/settings-service.js';
import { createApiKeyHandlers } from '../api-keys/api-key-handlers.js';
import type { ApiKeyService } from '../api-keys/api-key-service.js';
import type { LocalApiService } from '../local-api/local-api-service.js';
import { createStatusHandlers } from '../tray/status-handlers.js';
import type { StatusFeed } from '../tray/status-feed.js';
import type { createBundleHandlers } from '../bundle/bundle-handlers.js';

export interface HandlerDeps {
  info: () => AppInfo;
  offerings: OfferingService;
  integrations: IntegrationService;
  security: SecurityService;
  connections: ConnectionService;
  settings: SettingsService;
  apiKeys: ApiKeyService;
  localApi: LocalApiService;
  /** The window's remembered choices (notices dismissed for good). */
  preferences: UiPreferencesService;
  /** The tray model's headline, which browser mode's header shows too. */
  status: Pick<StatusFeed, 'headline'>;
  /** Workspace bundles and backups (issue 16), built by `main/core/bundle/bundle-feature.ts`. */
  bundle: ReturnType<typeof createBundleHandlers>;
}

/**
 * The table of handlers, one per channel.
 *
 * Typed against the contract, so a channel without a handler does not compile. Handlers stay thin: they
 * receive already-validated input and call into the domain services.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { offerings, integrations, security } = deps;
  return {
    'app.info': () => deps.info(),

    'offerings.list': () => offerings.list(),
    'offerings.create': (input) => offerings.create(input),
    'offerings.update': (input) => offerings.update(input),
    'offerings.setEnabled': ({ id, enabled }) => offerings.setEnabled(id, enabled),
    'offerings.delete': ({ id }) => offerings.remove(id),

    'integrations.list': (input) => integrations.list(input),
    'integrations.firstPage': () => integrations.firstPage(),
    'integrations.get': ({ id }) => integrations.get(id),
    'integrations.create': (input) => integrations.create(input),
    'integrations.update': (input) => integrations.update(input),
    'integrations.replaceSecret': ({ id, clientSecret }) => integrations.replaceSecret(id, clientSecret),
    'integrations.verify': ({ id }) => integrations.verify(id),
    'integrations.delete': ({ id }) => integrations.remove(id),
    'integrations.activity': ({ id }) => integrations.activity(id),
    'activity.list': (input) => integrations.activityPage(input),
    'preferences.get': () => deps.preferences.get(),
    'preferences.dismissNotice': ({ notice }) => deps.preferences.dismissNotice(notice),

    'security.status': () => security.status(),
    'security.setPassphrase': ({ passphrase }) => security.setPassphrase(passphrase),
    'security.unlock': ({ passphrase }) => security.unlock(passphrase),
    'security.acceptWeakProtection': () => security.acceptWeakProtection(),
    'security.reencrypt': () => security.reencrypt(),

    ...createConnectionHandlers({ connections: deps.connections, settings: deps.settings, integrations }),
    ...createApiKeyHandlers({ apiKeys: deps.apiKeys, localApi: deps.localApi }),
    ...createStatusHandlers(deps.status),
    ...deps.bundle,
  };
}
