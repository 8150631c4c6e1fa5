import net from 'node:net';
import type { Connection, ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import type { Result } from '../../preload/contract/result.js';
import type { ConnectionOptions } from '../../main/core/connections/connection-service.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { startOidcFixture, type OidcFixture, type StartFixtureOptions } from '../fixtures/oidc-fixture.js';
import { createTestCore, type TestCore } from './test-core.js';
import { loopbackFetch } from './loopback-request.js';

/** A clock the test moves by hand (token expiry), starting at the real time. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

/** A port that was free a moment ago on 127.0.0.1 (each test file listens on its own). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HarnessOptions {
  shape?: 'salesforce' | 'oidc';
  fixture?: Omit<StartFixtureOptions, 'shape'>;
  /** Scopes of the offering; the integration selects all of them. */
  requiredScopes?: string[];
  optionalScopes?: string[];
  connectionOptions?: ConnectionOptions;
  env?: Record<string, string>;
  /** Wraps the core's fetch (e.g. to fail introspection); token responses are recorded either way. */
  fetch?: (next: typeof fetch) => typeof fetch;
  openExternal?(url: string): Promise<void>;
  /** More core dependencies (e.g. a lower bundle scrypt cost). */
  core?: Partial<import('../../main/core/app-core.js').AppCoreDeps>;
}

export interface Harness {
  core: TestCore;
  fixture: OidcFixture;
  clock: TestClock;
  callbackPort: number;
  integrationId: string;
  events: Array<{ name: string; payload: unknown }>;
  /** Every successful token-endpoint response the core received (a test spy: tests need the tokens). */
  tokenResponses: Array<Record<string, unknown>>;
  call<T = unknown>(channel: string, payload?: unknown, transport?: 'electron' | 'browser'): Promise<Result<T>>;
  value<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** Starts a sign-in and drives the provider's pages; does not request the callback. */
  begin(user?: { email: string; password: string }, opts?: { deny?: boolean; connectionId?: string }): Promise<{ flow: ConnectionFlow; redirectUrl: string }>;
  /**
   * Requests the callback as the browser would, always by address: a `localhost` Callback URL is sent
   * to 127.0.0.1 (or to `[::1]` with `via: '::1'`), with the Host header the browser would send.
   */
  deliver(redirectUrl: string, via?: '127.0.0.1' | '::1'): Promise<{ status: number; headers: Headers; body: string }>;
  /** begin + deliver; resolves with the flow's final update. */
  connect(user?: { email: string; password: string }): Promise<{ flow: ConnectionFlow; update: FlowUpdate; connection: Connection; redirectUrl: string }>;
  lastFlowUpdate(flowId: string): FlowUpdate | undefined;
  stop(): Promise<void>;
}

export const ALICE = { email: 'alice@acme.test', password: 'alice-password' };
export const BOB = { email: 'bob@globex.test', password: 'bob-password' };

/**
 * A real core on a temporary profile, a real OIDC fixture on 127.0.0.1, a configured integration
 * pointing at it, and helpers that play the browser's part.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const shape = options.shape ?? 'salesforce';
  const fixture = await startOidcFixture({ shape, ...options.fixture });
  const clock = createTestClock();
  const callbackPort = await freePort();
  const tokenResponses: Array<Record<string, unknown>> = [];
  const base = options.fetch ? options.fetch(globalThis.fetch) : globalThis.fetch;
  const spy: typeof fetch = async (input, init) => {
    const response = await base(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (url === fixture.endpoints.token && response.status === 200) {
      tokenResponses.push((await response.clone().json()) as Record<string, unknown>);
    }
    return response;
  };
  const core = await createTestCore(
    { ...options.core, clock, fetch: spy, openExternal: options.openExternal, connectionOptions: { flowTimeoutMs: 10_000, retryDelaysMs: [5, 10], ...options.connectionOptions } },
    { DESK_CALLBACK_PORT: String(callbackPort), ...options.env },
  );
  const events: Harness['events'] = [];
  core.events.subscribeAll((name, payload) => events.push({ name, payload }));
  const call = <T>(channel: string, payload?: unknown, transport: 'electron' | 'browser' = 'browser') =>
    dispatch(core.handlers, channel, payload, { transport }, core.logger) as Promise<Result<T>>;
  const value = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await call<T>(channel, payload);
    if (!result.ok) throw new Error(`${channel} failed: ${result.code} ${result.message}`);
    return result.value;
  };

  const requiredScopes = options.requiredScopes ?? (shape === 'salesforce' ? ['api', 'refresh_token'] : ['openid', 'refresh_token']);
  const optionalScopes = options.optionalScopes ?? (shape === 'salesforce' ? ['web', 'openid'] : ['profile', 'email', 'api']);
  const offering = await value<{ id: string }>('offerings.create', {
    name: `Fixture (${shape})`,
    kind: shape === 'salesforce' ? 'salesforce' : 'generic',
    environment: 'production',
    ...(shape === 'salesforce' ? { loginUrl: fixture.issuer } : { issuer: fixture.issuer }),
    requiredScopes,
    optionalScopes,
  });
  const client = fixture.clients[0]!;
  const integration = await value<{ id: string }>('integrations.create', {
    name: 'Fixture Production',
    offeringId: offering.id,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: [...requiredScopes, ...optionalScopes],
  });
  const verified = await value<{ integration: { status: string }; verification: { message: string } }>('integrations.verify', { id: integration.id });
  if (verified.integration.status !== 'configured') throw new Error(`fixture integration not configured: ${verified.verification.message}`);

  const lastFlowUpdate = (flowId: string) =>
    events
      .filter((e) => e.name === 'flows.changed' && (e.payload as FlowUpdate).flowId === flowId)
      .map((e) => e.payload as FlowUpdate)
      .at(-1);

  const begin: Harness['begin'] = async (user = ALICE, opts = {}) => {
    const flow = await value<ConnectionFlow>('connections.start', { integrationId: integration.id, ...(opts.connectionId ? { connectionId: opts.connectionId } : {}) });
    const redirectUrl = await fixture.authorize(flow.authorizationUrl, user, { deny: opts.deny });
    return { flow, redirectUrl };
  };

  const deliver: Harness['deliver'] = async (redirectUrl, via = '127.0.0.1') => {
    const url = new URL(redirectUrl);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`refusing to send test traffic to ${url.hostname}`);
    return requestByAddress(url, via);
  };

  return {
    core,
    fixture,
    clock,
    callbackPort,
    integrationId: integration.id,
    events,
    tokenResponses,
    call,
    value,
    begin,
    deliver,
    async connect(user = ALICE) {
      const { flow, redirectUrl } = await begin(user);
      const page = await deliver(redirectUrl);
      const update = lastFlowUpdate(flow.flowId);
      if (!update || update.state !== 'completed' || !update.connectionId) {
        throw new Error(`sign-in did not complete: ${update?.state} ${update?.message ?? ''} (page ${page.status})`);
      }
      const connection = await value<Connection>('connections.get', { id: update.connectionId });
      return { flow, update, connection, redirectUrl };
    },
    lastFlowUpdate,
    async stop() {
      await core.dispose();
      await fixture.stop();
    },
  };
}

/** A GET to a loopback URL through one address (127.0.0.1 or ::1), with the URL's own Host header. */
export function requestByAddress(url: URL, address: '127.0.0.1' | '::1'): Promise<{ status: number; headers: Headers; body: string }> {
  return loopbackFetch(url.href, { address });
}
