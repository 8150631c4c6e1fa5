import { request as httpRequest } from 'node:http';
import type { CreatedApiKey, LocalApiStatus } from '../../preload/contract/api-key-models.js';
import type { Connection, ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import { createHarness, type Harness, type HarnessOptions } from './connection-harness.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface LocalApiHarness extends Harness {
  api: LocalApiStatus;
  /** Generates a key for the harness's integration (or another one). */
  createKey(name?: string, integrationId?: string): Promise<CreatedApiKey>;
  /** Calls the local API on 127.0.0.1 with fetch. */
  get<T = unknown>(path: string, key?: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  proxy<T = unknown>(connectionId: string, body: unknown, key: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  /** Creates, configures and returns a second integration on the same fixture. */
  addIntegration(name: string): Promise<string>;
  /** Connects a user to any integration of this core. */
  connectTo(integrationId: string, user: { email: string; password: string }): Promise<Connection>;
}

/**
 * The connections harness (real core, real OIDC fixture) with the local API turned on, on a free
 * port (`DESK_API_PORT=0`), and helpers that play a script's part.
 */
export async function createLocalApiHarness(options: HarnessOptions = {}): Promise<LocalApiHarness> {
  const h = await createHarness({ ...options, env: { DESK_API_PORT: '0', ...options.env } });
  const api = await h.value<LocalApiStatus>('localApi.setEnabled', { enabled: true });
  // Read per call: turning the API off and on again (on port 0) moves it.
  const base = () => harness.api.baseUrl;

  const respond = async <T>(response: Response): Promise<ApiResponse<T>> => {
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: json as T };
  };

  const auth = (key?: string): Record<string, string> => (key === undefined ? {} : { Authorization: `Bearer ${key}` });

  const harness: LocalApiHarness = {
    ...h,
    api,
    createKey: (name = 'Script', integrationId = h.integrationId) => h.value<CreatedApiKey>('apiKeys.create', { integrationId, name }),
    get: async (path, key, headers = {}) => respond(await fetch(`${base()}${path}`, { headers: { ...auth(key), ...headers } })),
    proxy: async (connectionId, body, key, headers = {}) =>
      respond(
        await fetch(`${base()}/api/v1/proxy/salesforce`, {
          method: 'POST',
          headers: { ...auth(key), 'Content-Type': 'application/json', 'X-Connection-Id': connectionId, ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    async addIntegration(name) {
      const first = await h.value<{ offeringId: string; clientId: string; scopes: string[] }>('integrations.get', { id: h.integrationId });
      const created = await h.value<{ id: string }>('integrations.create', {
        name,
        offeringId: first.offeringId,
        clientId: first.clientId,
        clientSecret: h.fixture.clients[0]!.clientSecret,
        scopes: first.scopes,
      });
      await h.value('integrations.verify', { id: created.id });
      return created.id;
    },
    async connectTo(integrationId, user) {
      const flow = await h.value<ConnectionFlow>('connections.start', { integrationId });
      const redirectUrl = await h.fixture.authorize(flow.authorizationUrl, user);
      await h.deliver(redirectUrl);
      const update = h.lastFlowUpdate(flow.flowId) as FlowUpdate | undefined;
      if (update?.state !== 'completed' || !update.connectionId) throw new Error(`sign-in failed: ${update?.message}`);
      return h.value<Connection>('connections.get', { id: update.connectionId });
    },
  };
  return harness;
}

/** A raw HTTP request with a Host header of our choosing (fetch does not let one set it). */
export function requestWithHost(port: number, path: string, host: string, key: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Host: host, Authorization: `Bearer ${key}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
