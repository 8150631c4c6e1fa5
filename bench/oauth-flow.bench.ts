// OAuth flow overhead: a full authorization (authorize → consent → callback → exchange → identity)
// through the app's own flow, against a bare openid-client script doing the same steps against the same
// provider (in its own process, as a real one would be). Interleaved runs, medians, and their ratio.
//
// "The same steps" means what any correct client must do for a Salesforce-shaped provider: receive the
// callback on a loopback listener, exchange the code with PKCE, read the identity (identity URL and the
// org's name) and learn the token's lifetime by introspection (the token response has no expires_in).
// What the bare script does not do is the app's own work: flow bookkeeping, durable vault and store
// writes (fsync), events, and the duplicate-account check.
//
// `BENCH_PROFILE=1` adds, after the measured runs, `FLOW_PROFILE_RUNS` (default 40) app-only sign-ins
// under the CPU profiler and writes the profile to `<tmp>/oauth-flow.cpuprofile` (the provider runs in
// its own process, so the profile is the app's side and the browser agent's).
import http from 'node:http';
import net from 'node:net';
import * as client from 'openid-client';
import { driveAuthorization } from '../test/fixtures/oidc/browser-agent.js';
import { median, report, timed } from './report.js';
import { withCpuProfile } from './support/cpu-profile.js';
import { createBenchCore } from './support/bench-core.js';
import { startRemoteFixture } from './support/remote-fixture.js';

const RUNS = Number(process.env.FLOW_RUNS ?? 40);
const bench = 'oauth-flow';
const fixture = await startRemoteFixture();
const app = await createBenchCore(fixture);
const user = fixture.users[0]!;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The bare script's own listener port (a native client may use any loopback port).
const barePort = await freePort();
const config = await client.discovery(new URL(fixture.issuer), fixture.client.clientId, fixture.client.clientSecret, client.ClientSecretPost(fixture.client.clientSecret), {
  execute: [client.allowInsecureRequests],
});

/** A one-request loopback listener, as small as it gets. */
function receiveCallback(port: number): Promise<URL> {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { connection: 'close' }).end('ok');
      server.close();
      server.closeAllConnections();
      // The address the provider redirected to (openid-client derives redirect_uri from it): localhost.
      resolve(new URL(req.url ?? '/', `http://localhost:${port}`));
    });
    server.listen(port, '127.0.0.1');
  });
}

/** The same steps with openid-client alone: PKCE, login + consent, callback, exchange, identity, expiry. */
async function bare(): Promise<void> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `http://localhost:${barePort}/oauth/callback`, // Salesforce: http only for localhost
    scope: 'api refresh_token web openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  });
  const received = receiveCallback(barePort);
  const redirect = await driveAuthorization(fixture.issuer, url.href, user);
  await (await fetch(redirect.replace('//localhost:', '//127.0.0.1:'))).text();
  const tokens = await client.authorizationCodeGrant(config, await received, { pkceCodeVerifier: verifier, expectedState: state });
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const [identity, org, introspection] = await Promise.all([
    fetch(String(tokens.id), { headers: auth }),
    fetch(`${String(tokens.instance_url)}/services/data/v59.0/query?q=${encodeURIComponent('SELECT Name FROM Organization')}`, { headers: auth }),
    client.tokenIntrospection(config, tokens.access_token),
  ]);
  if (!identity.ok || !org.ok || !introspection.active) throw new Error('bare flow failed');
  await Promise.all([identity.json(), org.json()]);
}


try {
  const integrationId = await app.addIntegration('Flow');
  const viaApp = () => app.connect(integrationId, user);
  await bare();
  await viaApp();
  const bareRuns: number[] = [];
  const appRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bareRuns.push(await timed(bare));
    appRuns.push(await timed(viaApp));
  }
  const ratio = median(appRuns) / median(bareRuns);
  console.log(`bare openid-client ${median(bareRuns).toFixed(1)} ms, app ${median(appRuns).toFixed(1)} ms (medians of ${RUNS}), ratio ${ratio.toFixed(2)}`);
  report({ bench, metric: 'bare openid-client flow (median)', value: median(bareRuns), unit: 'ms' });
  report({ bench, metric: 'app flow (median)', value: median(appRuns), unit: 'ms' });
  report({ bench, metric: 'overhead ratio app / bare', value: ratio, unit: '×', target: '≤ 1.1', met: ratio <= 1.1 });
  if (process.env.BENCH_PROFILE) {
    const runs = Number(process.env.FLOW_PROFILE_RUNS ?? 40);
    await withCpuProfile('oauth-flow', async () => {
      for (let i = 0; i < runs; i++) await viaApp();
    });
  }
} finally {
  await app.dispose();
  await fixture.stop();
}
