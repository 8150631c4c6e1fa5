import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { loopbackRequest } from '../support/loopback-request.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * Security suite: the browser-mode guard matrix. Every combination of Host, credential, Origin,
 * method and Sec-Fetch-Site is sent to the real server; exactly the combinations in `allowed` get
 * through. Anything else answers 401, 403 or 421, and never sets a cookie.
 */
let core: TestCore;
let web: WebServer;
let session: string;

beforeAll(async () => {
  core = await createTestCore();
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Integrations Desk</title>');
  web = await startWebServer({ core, staticDir, port: 0 });
  const signIn = await loopbackRequest(`${web.origin}/oauth?token=${web.token}`);
  session = signIn.headers['set-cookie']![0]!.split(';')[0]!;
});
afterAll(async () => {
  await web.close();
  await core.dispose();
});

type Host = 'launch' | 'ip' | 'localhost' | 'other-name' | 'foreign' | 'other-port';
type Credential = 'session' | 'script-header' | 'token-as-cookie' | 'wrong-cookie' | 'wrong-header' | 'none';
type Origin = 'own' | 'none' | 'foreign' | 'null' | 'ip';
type Call = 'page' | 'rpc';
type Site = 'same-origin' | 'cross-site' | 'absent';

const HOSTS: Host[] = ['launch', 'ip', 'localhost', 'other-name', 'foreign', 'other-port'];
const CREDENTIALS: Credential[] = ['session', 'script-header', 'token-as-cookie', 'wrong-cookie', 'wrong-header', 'none'];
const ORIGINS: Origin[] = ['own', 'none', 'foreign', 'null', 'ip'];
const CALLS: Call[] = ['page', 'rpc'];
const SITES: Site[] = ['same-origin', 'cross-site', 'absent'];

/** The policy, stated once: who may use browser mode. */
function allowed(host: Host, credential: Credential, origin: Origin, call: Call, site: Site): boolean {
  if (host !== 'launch') return false; // DNS rebinding, another name, another server's port
  if (origin !== 'own' && origin !== 'none') return false; // CSRF from any other origin
  if (site === 'cross-site') return false;
  if (credential === 'session') return call === 'page' || origin === 'own'; // a browser POST always has Origin
  return credential === 'script-header';
}

function headersFor(host: Host, credential: Credential, origin: Origin, site: Site): Record<string, string> {
  const port = web.port;
  const headers: Record<string, string> = {
    host: { launch: `${web.host}:${port}`, ip: `127.0.0.1:${port}`, localhost: `localhost:${port}`, 'other-name': `desk-0000.localhost:${port}`, foreign: 'evil.example', 'other-port': `${web.host}:${port + 1}` }[host],
  };
  if (credential === 'session') headers.cookie = session;
  if (credential === 'token-as-cookie') headers.cookie = `desk_session=${web.token}`;
  if (credential === 'wrong-cookie') headers.cookie = 'desk_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  if (credential === 'script-header') headers['x-desk-token'] = web.token;
  if (credential === 'wrong-header') headers['x-desk-token'] = 'A'.repeat(43);
  if (origin !== 'none') headers.origin = { own: web.origin, foreign: 'http://evil.example', null: 'null', ip: `http://127.0.0.1:${port}` }[origin];
  if (site !== 'absent') headers['sec-fetch-site'] = site;
  return headers;
}

const cases = HOSTS.flatMap((host) =>
  CREDENTIALS.flatMap((credential) => ORIGINS.flatMap((origin) => CALLS.flatMap((call) => SITES.map((site) => ({ host, credential, origin, call, site }))))),
);

describe('browser-mode guard matrix (security suite)', () => {
  it(`lets exactly the allowed combinations through, out of ${cases.length}`, async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const headers = headersFor(c.host, c.credential, c.origin, c.site);
      const reply =
        c.call === 'page'
          ? await loopbackRequest(`${web.origin}/oauth`, { headers })
          : await loopbackRequest(`${web.origin}/api/rpc/integrations.list`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '' });
      const passed = reply.status === 200;
      if (passed !== allowed(c.host, c.credential, c.origin, c.call, c.site)) wrong.push(`${JSON.stringify(c)} → ${reply.status}`);
      if (!passed && ![401, 403, 421].includes(reply.status)) wrong.push(`${JSON.stringify(c)} → unexpected ${reply.status}`);
      if (reply.headers['set-cookie']) wrong.push(`${JSON.stringify(c)} set a cookie`);
    }
    expect(wrong).toEqual([]);
  });

  it('never hands the launch host name or a token to a request that was refused', async () => {
    for (const host of ['evil.example', `127.0.0.1:${web.port}`, `localhost:${web.port}`]) {
      for (const accept of ['text/html', 'application/json']) {
        const reply = await loopbackRequest(`${web.origin}/oauth`, { headers: { host, accept } });
        expect(reply.body).not.toContain(web.host);
        expect(reply.body).not.toContain(web.token);
      }
    }
  });
});
