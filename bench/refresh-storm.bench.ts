// Refresh storm: 1,000 connections whose tokens all fall due at once, each asked for credentials at the
// same moment. Measures the total time, the peak number of refreshes in flight, and that the provider saw
// exactly one refresh per connection (single-flight per connection, no refresh twice).
// The connections are spread over 100 integrations (10 each, the same shape as the store-growth bench);
// STORM_PER_INTEGRATION=1000 puts them all in one integration, the worst case for per-integration shards.
import type { FixtureUser } from '../test/fixtures/oidc-fixture.js';
import { createHarness } from '../test/support/connection-harness.js';
import { report, timed } from './report.js';

const COUNT = Number(process.env.STORM_CONNECTIONS ?? 1000);
const PER_INTEGRATION = Number(process.env.STORM_PER_INTEGRATION ?? 10);
const bench = 'refresh-storm';
const users: FixtureUser[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `005${String(i).padStart(12, '0')}AAA`,
  email: `user${i}@storm.test`,
  name: `Storm User ${i}`,
  password: `password-${i}`,
  orgId: `00D${String(i % 50).padStart(12, '0')}AAA`,
  orgName: `Storm Org ${i % 50}`,
}));

let inFlight = 0;
let peak = 0;
let tokenEndpoint = '';
const h = await createHarness({
  fixture: { users },
  fetch: (next) => async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const counted = url === tokenEndpoint && String(init?.body ?? '').includes('grant_type=refresh_token');
    if (counted) peak = Math.max(peak, ++inFlight);
    try {
      return await next(input, init);
    } finally {
      if (counted) inFlight--;
    }
  },
});
tokenEndpoint = h.fixture.endpoints.token;

// More integrations on the same offering and client, each verified (configured) like the first.
const first = await h.value<{ offeringId: string; scopes: string[] }>('integrations.get', { id: h.integrationId });
const integrationIds = [h.integrationId];
for (let i = 1; i < Math.ceil(COUNT / PER_INTEGRATION); i++) {
  const created = await h.value<{ id: string }>('integrations.create', {
    name: `Storm ${i}`, offeringId: first.offeringId, clientId: h.fixture.clients[0]!.clientId,
    clientSecret: h.fixture.clients[0]!.clientSecret, scopes: first.scopes,
  });
  await h.value('integrations.verify', { id: created.id });
  integrationIds.push(created.id);
}

const ids: string[] = [];
const setupMs = await timed(async () => {
  for (const [i, user] of users.entries()) {
    ids.push((await h.connect(user, { integrationId: integrationIds[Math.floor(i / PER_INTEGRATION)] })).connection.id);
  }
});
console.log(`connected ${ids.length} accounts (${integrationIds.length} integrations) through the app's own flow in ${(setupMs / 1000).toFixed(1)} s`);

// Every token is now due: move the clock past any lifetime (tokens from this provider last an hour).
h.clock.advance(3 * 60 * 60 * 1000);
const before = h.fixture.stats();
let failures = 0;
const stormMs = await timed(() =>
  Promise.all(
    ids.map((id) =>
      h.core.connections.credentialsFor(id).catch(() => {
        failures++;
      }),
    ),
  ),
);
const after = h.fixture.stats();
const grants = [...after.refreshGrantsByGrant.values()];
const refreshed = after.refreshGrants - before.refreshGrants;
const twice = grants.filter((n) => n > 1).length;
console.log(`storm: ${refreshed} refreshes in ${stormMs.toFixed(0)} ms, peak ${peak} in flight, ${twice} connections refreshed more than once, ${failures} failures`);

report({ bench, metric: `${COUNT} due connections (${PER_INTEGRATION} per integration), total`, value: stormMs / 1000, unit: 's', target: '≤ 10 s', met: stormMs <= 10_000 });
report({ bench, metric: 'peak concurrent refreshes', value: peak, unit: '' });
report({ bench, metric: 'refreshes at the provider', value: refreshed, unit: '', target: `= ${COUNT}`, met: refreshed === COUNT });
report({ bench, metric: 'connections refreshed twice', value: twice, unit: '', target: '0', met: twice === 0 && failures === 0 });
await h.stop();
