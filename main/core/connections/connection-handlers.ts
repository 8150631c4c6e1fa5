import type { connectionChannels } from '../../../preload/contract/connection-channels.js';
import type { IntegrationService } from '../domain/integrations/integration-service.js';
import type { Handlers } from '../ipc/handlers.js';
import type { SettingsService } from '../settings/settings-service.js';
import type { ConnectionService } from './connection-service.js';

export type ConnectionHandlers = Pick<Handlers, keyof typeof connectionChannels>;

/**
 * The handlers of the connection and settings channels, spread into the main handler table.
 *
 * Thin: input is already validated by the dispatcher. `connections.start` opens the system browser
 * itself only for Electron callers; a browser-mode page opens the returned URL in a new tab.
 */
export function createConnectionHandlers(deps: {
  connections: ConnectionService;
  settings: SettingsService;
  integrations: Pick<IntegrationService, 'fixCallbackUrl'>;
}): ConnectionHandlers {
  const { connections, settings } = deps;
  return {
    'connections.list': (input) => connections.list(input),
    'connections.get': ({ id }) => connections.get(id),
    'connections.start': (input, ctx) => connections.start(input, ctx.transport),
    'connections.cancel': ({ flowId }) => connections.cancel(flowId),
    'connections.completeManually': ({ flowId, redirectUrl }) => connections.completeManually(flowId, redirectUrl),
    'connections.addHeldSignIn': ({ flowId }) => connections.addHeldSignIn(flowId),
    'connections.discardHeldSignIn': ({ flowId }) => connections.discardHeldSignIn(flowId),
    'connections.refresh': ({ id }) => connections.refresh(id),
    'connections.test': ({ id }) => connections.test(id),
    'connections.revoke': ({ id }) => connections.revoke(id),
    'connections.delete': ({ id }) => connections.remove(id),

    'settings.get': () => settings.get(),
    'settings.update': (input) => settings.update(input),
    'settings.testCallback': (input) => settings.testCallback(input),
    'settings.callbackPreview': (input) => settings.callbackPreview(input),
    'integrations.fixCallbackUrl': ({ id }) => deps.integrations.fixCallbackUrl(id),

    'status.summary': () => connections.summary(),
  };
}
