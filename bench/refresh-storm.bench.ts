// Refresh storm: 1,000 connections whose tokens all fall due at once, each asked for credentials at the
// same moment. Measures the total time, the peak number of refreshes in flight, and that the provider was
// asked exactly once per connection (single-flight per connection, no refresh twice).
// The provider runs in its own process, as a real one would. The connections are spread over 100
// integrations (10 each, the shape of the store-growth bench); STORM_PER_INTEGRATION=1000 puts them all
// in one integration, the worst case for per-integration shards.
import { report, timed } from './report.js';
import { createBenchCore } from './support/bench-core.js';
import { startRemoteFixture } from './support/remote-fixture.js';

const COUNT = Number(process.env.STORM_CONNECTIONS ?? 1000);
const PER_INTEGRATION = Number(process.env.STORM_PER_INTEGRATION ?? 10);
const bench = 'refresh-storm';

const fixture = await startRemoteFixture({ users: COUNT });
let offset = 0;
const clock = { now: () => Date.now() + offset };
let inFlight = 0;
let peak = 0;
const refreshesByToken = new Map<string, number>();
const tokenEndpoint = `${fixture.issuer}/services/oauth2/token`;
const countingFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  const body = String(init?.body ?? '');
  const refresh = url === tokenEndpoint && body.includes('grant_type=refresh_token');
  if (refresh) {
    const token = new URLSearchParams(body).get('refresh_token') ?? '';
    refreshesByToken.set(token, (refreshesByToken.get(token) ?? 0) + 1);
    peak = Math.max(peak, ++inFlight);
  }
  try {
    return await fetch(input, init);
  } finally {
    if (refresh) inFlight--;
  }
};
const app = await createBenchCore(fixture, { clock, fetch: countingFetch });

try {
  const integrationIds: string[] = [];
  for (let i = 0; i < Math.ceil(COUNT / PER_INTEGRATION); i++) integrationIds.push(await app.addIntegration(`Storm ${i}`));
  const ids: string[] = [];
  const setupMs = await timed(async () => {
    for (const [i, user] of fixture.users.slice(0, COUNT).entries()) {
      ids.push(await app.connect(integrationIds[Math.floor(i / PER_INTEGRATION)]!, user));
    }
  });
  console.log(`connected ${ids.length} accounts (${integrationIds.length} integrations) through the app's own flow in ${(setupMs / 1000).toFixed(1)} s`);

  // Every token is now due: move the app's clock past any lifetime (this provider's last an hour).
  offset = 3 * 60 * 60 * 1000;
  refreshesByToken.clear();
  let failures = 0;
  const stormMs = await timed(() => Promise.all(ids.map((id) => app.core.connections.credentialsFor(id).catch(() => void failures++))));
  const requests = [...refreshesByToken.values()].reduce((a, b) => a + b, 0);
  const twice = [...refreshesByToken.values()].filter((n) => n > 1).length;
  console.log(`storm: ${requests} refresh requests for ${refreshesByToken.size} refresh tokens in ${stormMs.toFixed(0)} ms, peak ${peak} in flight, ${twice} refreshed twice, ${failures} failures`);

  report({ bench, metric: `${COUNT} due connections (${PER_INTEGRATION} per integration), total`, value: stormMs / 1000, unit: 's', target: '≤ 10 s', met: stormMs <= 10_000 });
  report({ bench, metric: 'peak concurrent refreshes', value: peak, unit: '' });
  report({ bench, metric: 'refresh requests at the provider', value: requests, unit: '', target: `= ${COUNT}`, met: requests === COUNT && refreshesByToken.size === COUNT });
  report({ bench, metric: 'connections refreshed twice, or failed', value: twice + failures, unit: '', target: '0', met: twice + failures === 0 });
} finally {
  await app.dispose();
  await fixture.stop();
}
