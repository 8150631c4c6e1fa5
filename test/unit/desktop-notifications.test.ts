import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, Integration } from '../../preload/contract/index.js';
import { createNotifier, type DeskNotification, type NotifiableConnection, type NotifiableState } from '../../main/core/desktop/notification-policy.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/** Timers and a clock moved by hand. */
function manualTime() {
  let now = 1_000_000;
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  return {
    clock: { now: () => now },
    schedule(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
        t.cancelled = true;
        t.fn();
      }
    },
  };
}

function setup(options: { focused?: () => boolean; quietMs?: number } = {}) {
  const time = manualTime();
  const shown: DeskNotification[] = [];
  const notifier = createNotifier({
    show: (n) => shown.push(n),
    isWindowFocused: options.focused ?? (() => false),
    clock: time.clock,
    schedule: time.schedule,
    quietMs: options.quietMs ?? 0,
  });
  return { notifier, shown, time };
}

const acme = { id: 'acme', name: 'Acme Production' };
const alice = (over: Partial<NotifiableConnection> = {}): NotifiableConnection => ({
  id: 'c1',
  integrationId: 'acme',
  userEmail: 'alice@acme.test',
  status: 'connected',
  ...over,
});
const state = (connections: NotifiableConnection[], integrations: NotifiableState['integrations'] = [acme]): NotifiableState => ({ connections, integrations });

describe('notifications: once per event, not once per retry', () => {
  it('notifies once when a connection keeps failing to refresh ten times in a row', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice()]));
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      notifier.observe(state([alice({ refreshProblem: { at: `2026-01-01T00:00:${String(attempt).padStart(2, '0')}Z` } })]));
    }
    expect(shown).toEqual([
      {
        title: 'Token refresh failing',
        body: 'The token of alice@acme.test (Acme Production) could not be refreshed. Integrations Desk keeps retrying.',
        route: '/oauth/acme/connections/c1',
      },
    ]);
  });

  it('notifies once when a connection expires, however often it is seen expired afterwards', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice()]));
    for (let i = 0; i < 10; i += 1) notifier.observe(state([alice({ status: 'expired' })]));
    expect(shown.map((n) => n.title)).toEqual(['Connection expired']);
    expect(shown[0]!.body).toBe('alice@acme.test (Acme Production) must be reauthorized to work again.');
  });

  it('notifies once when the provider rejects an integration’s credentials, however many connections see it', () => {
    const { notifier, shown } = setup();
    const connections = [alice(), alice({ id: 'c2', userEmail: 'bob@acme.test' })];
    notifier.observe(state(connections));
    const rejected = [{ ...acme, verification: { outcome: 'rejected' } }];
    for (let i = 0; i < 10; i += 1) notifier.observe(state(connections, rejected));
    expect(shown.map((n) => [n.title, n.route])).toEqual([['Credentials rejected', '/oauth/acme']]);
  });

  it('notifies when a connection is revoked', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice()]));
    notifier.observe(state([alice({ status: 'revoked' })]));
    expect(shown.map((n) => n.title)).toEqual(['Connection revoked']);
  });

  it('notifies again when the same thing happens again after it was resolved', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice()]));
    notifier.observe(state([alice({ status: 'expired' })]));
    notifier.observe(state([alice()])); // reauthorized
    notifier.observe(state([alice({ status: 'expired' })]));
    expect(shown.map((n) => n.title)).toEqual(['Connection expired', 'Connection expired']);
  });

  it('does not notify at startup about what was already wrong (the tray shows it)', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice({ status: 'expired' })]));
    expect(shown).toEqual([]);
  });

  it('does not notify while the admin is looking at the window, nor later for the same event', () => {
    let focused = true;
    const { notifier, shown } = setup({ focused: () => focused });
    notifier.observe(state([alice()]));
    notifier.observe(state([alice({ status: 'revoked' })]));
    focused = false;
    notifier.observe(state([alice({ status: 'revoked' })]));
    expect(shown).toEqual([]);
  });

  it('groups events that start within the quiet period into one notification', () => {
    const { notifier, shown, time } = setup({ quietMs: 60_000 });
    const many = ['a', 'b', 'c'].map((id) => alice({ id, userEmail: `${id}@acme.test` }));
    notifier.observe(state(many));
    notifier.observe(state([alice({ id: 'a', userEmail: 'a@acme.test', status: 'expired' }), many[1]!, many[2]!]));
    notifier.observe(state(many.map((c) => ({ ...c, status: 'expired' as const }))));
    expect(shown.map((n) => n.title)).toEqual(['Connection expired']);
    time.advance(60_000);
    expect(shown.slice(1)).toEqual([
      { title: '2 items need attention', body: 'Connection expired. Open Integrations Desk to see them.', route: '/oauth/acme?tab=connections' },
    ]);
  });

  it('drops a waiting notification whose event ended before its turn', () => {
    const { notifier, shown, time } = setup({ quietMs: 60_000 });
    notifier.observe(state([alice(), alice({ id: 'c2' })]));
    notifier.observe(state([alice({ status: 'expired' }), alice({ id: 'c2' })]));
    notifier.observe(state([alice({ status: 'expired' }), alice({ id: 'c2', refreshProblem: { at: 'x' } })]));
    notifier.observe(state([alice({ status: 'expired' }), alice({ id: 'c2' })])); // the next refresh worked
    time.advance(60_000);
    expect(shown.map((n) => n.title)).toEqual(['Connection expired']);
  });

  it('says nothing about deleted connections', () => {
    const { notifier, shown } = setup();
    notifier.observe(state([alice()]));
    notifier.observe(state([alice({ status: 'deleted' })]));
    expect(shown).toEqual([]);
  });
});

describe('notifications with the real refresher', () => {
  let harness: Harness | undefined;
  afterEach(async () => harness?.stop());

  it('a connection whose token endpoint fails 10 refreshes in a row produces one notification', async () => {
    let failing = false;
    let tokenEndpoint = '';
    harness = await createHarness({
      fetch: (next) => async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (failing && url === tokenEndpoint) return new Response('upstream down', { status: 503 });
        return next(input, init);
      },
    });
    tokenEndpoint = harness.fixture.endpoints.token;
    const { connection } = await harness.connect(ALICE);
    const h = harness;
    const shown: DeskNotification[] = [];
    const notifier = createNotifier({ show: (n) => shown.push(n), isWindowFocused: () => false, clock: h.clock, schedule: () => () => {} });
    const observe = async () =>
      notifier.observe({
        connections: await h.value<Connection[]>('connections.list'),
        integrations: await h.value<Integration[]>('integrations.list'),
      });
    await observe();
    // As the desktop shell does: look again after every change event.
    const pending: Promise<void>[] = [];
    h.core.events.subscribeAll((name) => {
      if (name === 'connections.changed' || name === 'integrations.changed') pending.push(observe());
    });

    failing = true;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const result = await h.call('connections.refresh', { id: connection.id });
      expect(result.ok).toBe(false);
    }
    await Promise.all(pending);

    expect(pending.length).toBeGreaterThanOrEqual(10);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Token refresh failing', route: `/oauth/${h.integrationId}/connections/${connection.id}` });
    expect(JSON.stringify(shown)).not.toMatch(/access_token|refresh_token|secret/i);
  });
});
