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

/** A scheduler the test runs by hand. */
function manualTimer() {
  let due: (() => void) | undefined;
  let scheduled = 0;
  return {
    schedule(fn: () => void) {
      scheduled += 1;
      due = fn;
      return () => void (due = undefined);
    },
    run() {
      const fn = due;
      due = undefined;
      fn?.();
    },
    scheduled: () => scheduled,
  };
}

describe('status feed', () => {
  it('rebuilds the model once after a burst of changes and announces the new headline once', () => {
    const events = createEventBus();
    const timer = manualTimer();
    const emitted: Array<[string, unknown]> = [];
    events.subscribeAll((name, payload) => emitted.push([name, payload]));
    let current = healthy(1);
    let reads = 0;
    const feed = createStatusFeed({ read: () => (reads++, current), events, schedule: timer.schedule });
    const models: string[] = [];
    feed.subscribe((m) => models.push(m.status.headline));
    expect(feed.headline().headline).toBe('1 connection healthy');

    current = healthy(2);
    for (let i = 0; i < 20; i += 1) events.emit('connections.changed', { integrationId: 'acme', ids: ['b'] });
    expect(timer.scheduled()).toBe(1);
    timer.run();

    expect(reads).toBe(2);
    expect(models).toEqual(['All 2 connections healthy']);
    expect(emitted.filter(([name]) => name === 'status.changed').map(([, p]) => (p as StatusHeadline).headline)).toEqual(['All 2 connections healthy']);
  });

  it('answers a read with the latest state, before the coalesced rebuild runs', () => {
    const events = createEventBus();
    let current = healthy(1);
    const feed = createStatusFeed({ read: () => current, events, schedule: manualTimer().schedule });
    feed.model();
    current = healthy(5);
    events.emit('integrations.changed', { ids: [] });
    expect(feed.headline().headline).toBe('All 5 connections healthy');
  });

  it('computes nothing until someone asks (start-up does not read every connection)', () => {
    const events = createEventBus();
    let reads = 0;
    const feed = createStatusFeed({ read: () => (reads++, healthy(0)), events, schedule: manualTimer().schedule });
    events.emit('connections.changed', { integrationId: 'acme', ids: [] });
    expect(reads).toBe(0);
    feed.model();
    expect(reads).toBe(1);
  });

  it('keeps the last good model when the summary cannot be computed', () => {
    const events = createEventBus();
    let fail = false;
    const feed = createStatusFeed({
      read: () => {
        if (fail) throw new Error('disk');
        return healthy(3);
      },
      events,
      schedule: manualTimer().schedule,
    });
    feed.model();
    fail = true;
    events.emit('integrations.changed', { ids: [] });
    expect(feed.model().status.headline).toBe('All 3 connections healthy');
  });

  it('ignores events that cannot change the status', () => {
    const events = createEventBus();
    const timer = manualTimer();
    const feed = createStatusFeed({ read: () => healthy(0), events, schedule: timer.schedule });
    feed.model();
    events.emit('offerings.changed', { ids: [] });
    expect(timer.scheduled()).toBe(0);
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
