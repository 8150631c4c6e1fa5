import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatusHeadline } from '../../preload/contract/status-models.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createEventBus } from '../../main/core/support/event-bus.js';
import { createStatusFeed } from '../../main/core/tray/status-feed.js';
import type { TraySummary } from '../../main/core/tray/tray-summary.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const healthy = (connected: number): TraySummary => ({
  connections: { total: connected, byStatus: { connected, expired: 0, revoked: 0, deleted: 0 } },
  attention: [],
  integrations: [],
});

describe('status feed', () => {
  it('rebuilds the model after a change and announces a new headline once', () => {
    const events = createEventBus();
    const emitted: Array<[string, unknown]> = [];
    events.subscribeAll((name, payload) => emitted.push([name, payload]));
    let current = healthy(1);
    const feed = createStatusFeed({ read: () => current, events });
    const models: string[] = [];
    feed.subscribe((m) => models.push(m.status.headline));

    current = healthy(2);
    events.emit('connections.changed', { integrationId: 'acme', ids: ['b'] });
    events.emit('connections.changed', { integrationId: 'acme', ids: ['b'] });

    expect(models).toEqual(['All 2 connections healthy']);
    expect(emitted.filter(([name]) => name === 'status.changed').map(([, p]) => (p as StatusHeadline).headline)).toEqual(['All 2 connections healthy']);
    expect(feed.headline().headline).toBe('All 2 connections healthy');
  });

  it('keeps the last good model when the summary cannot be computed', () => {
    const events = createEventBus();
    let fail = false;
    const feed = createStatusFeed({ read: () => (fail ? (() => { throw new Error('disk'); })() : healthy(3)), events });
    fail = true;
    events.emit('integrations.changed', { ids: [] });
    expect(feed.model().status.headline).toBe('All 3 connections healthy');
  });

  it('ignores events that cannot change the status', () => {
    const events = createEventBus();
    let reads = 0;
    createStatusFeed({ read: () => (reads++, healthy(0)), events });
    events.emit('offerings.changed', { ids: [] });
    expect(reads).toBe(1);
  });
});

describe('status feed in the app core', () => {
  let fixture: OidcFixture;
  let core: TestCore | undefined;
  beforeAll(async () => {
    fixture = await startOidcFixture({ shape: 'salesforce' });
  });
  afterAll(async () => fixture?.stop());
  afterEach(async () => core?.dispose());

  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await dispatch(core!.handlers, channel, payload, { transport: 'browser' }, core!.logger);
    if (!result.ok) throw new Error(`${channel}: ${result.code} ${result.message}`);
    return result.value as T;
  };

  it('answers status.headline with the tray model’s headline, and sends status.changed when credentials are rejected', async () => {
    core = await createTestCore();
    const changes: StatusHeadline[] = [];
    core.events.subscribeAll((name, payload) => {
      if (name === 'status.changed') changes.push(payload as StatusHeadline);
    });
    expect(await call<StatusHeadline>('status.headline')).toEqual(core.status.model().status);
    expect((await call<StatusHeadline>('status.headline')).headline).toBe('No connections yet');

    const offering = await call<{ id: string }>('offerings.create', {
      name: 'Local Salesforce', kind: 'salesforce', environment: 'production', loginUrl: fixture.issuer,
      requiredScopes: ['api', 'refresh_token'], optionalScopes: [],
    });
    const created = await call<{ id: string }>('integrations.create', {
      name: 'Acme', offeringId: offering.id, clientId: fixture.clients[0]!.clientId, clientSecret: 'wrong-secret', scopes: [],
    });
    await call('integrations.verify', { id: created.id });

    const headline = await call<StatusHeadline>('status.headline');
    expect(headline).toMatchObject({ level: 'error', headline: '1 needs attention' });
    expect(headline.attention.map((a) => a.label)).toEqual(['Credentials rejected: Acme']);
    expect(changes.at(-1)).toEqual(headline);
    // The menu offers the draft integration without New Connection.
    expect(JSON.stringify(core.status.model().menu)).toContain('"Acme (draft)"');
  });
});
