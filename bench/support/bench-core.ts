import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createLogger } from '../../main/core/support/logger.js';
import type { ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import { driveAuthorization } from '../../test/fixtures/oidc/browser-agent.js';
import type { RemoteFixture } from './remote-fixture.js';

export interface BenchCore {
  core: AppCore;
  callbackPort: number;
  value<T>(channel: string, payload?: unknown): Promise<T>;
  /** A configured integration on the fixture (offering created once). */
  addIntegration(name: string): Promise<string>;
  /** The app's own sign-in: connections.start → the provider's pages → the loopback callback. */
  connect(integrationId: string, user: { email: string; password: string }): Promise<string>;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A real app core on a temporary profile, at the app's own log level, talking to a remote fixture. */
export async function createBenchCore(fixture: RemoteFixture, deps: Partial<AppCoreDeps> = {}): Promise<BenchCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const logger = createLogger({ dir: dataDir, level: 'info', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const callbackPort = await freePort();
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_VAULT_KEY_FILE: '1', DESK_API_PORT: '0', DESK_CALLBACK_PORT: String(callbackPort) });
  const core = await createAppCore({ config, logger, mode: 'browser', ...deps });
  const updates = new Map<string, FlowUpdate>();
  core.events.subscribeAll((name, payload) => {
    if (name === 'flows.changed') updates.set((payload as FlowUpdate).flowId, payload as FlowUpdate);
  });
  const value = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, logger);
    if (!result.ok) throw new Error(`${channel}: ${result.code} ${result.message}`);
    return result.value as T;
  };
  let offeringId: string | undefined;
  return {
    core,
    callbackPort,
    value,
    async addIntegration(name) {
      offeringId ??= (
        await value<{ id: string }>('offerings.create', {
          name: 'Bench Salesforce', kind: 'salesforce', environment: 'production', loginUrl: fixture.issuer,
          requiredScopes: ['api', 'refresh_token'], optionalScopes: ['web', 'openid'],
        })
      ).id;
      const integration = await value<{ id: string }>('integrations.create', {
        name, offeringId, clientId: fixture.client.clientId, clientSecret: fixture.client.clientSecret, scopes: ['api', 'refresh_token', 'web', 'openid'],
      });
      await value('integrations.verify', { id: integration.id });
      return integration.id;
    },
    async connect(integrationId, user) {
      const flow = await value<ConnectionFlow>('connections.start', { integrationId });
      const redirect = await driveAuthorization(fixture.issuer, flow.authorizationUrl, user);
      // The browser's part: it resolves `localhost` itself, without a DNS query (as the bare script in
      // oauth-flow.bench.ts does by fetching 127.0.0.1). Fetching `localhost` here made the bench process
      // (which plays the browser) pay a getaddrinfo that no browser pays, on the app's side only.
      await (await fetch(redirect.replace('//localhost:', '//127.0.0.1:'))).text();
      const done = updates.get(flow.flowId);
      if (done?.state !== 'completed' || !done.connectionId) throw new Error(`sign-in did not complete: ${done?.message ?? 'no update'}`);
      return done.connectionId;
    },
    async dispose() {
      await core.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
