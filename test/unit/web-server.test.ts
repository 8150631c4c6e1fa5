import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSP_NONCE_PLACEHOLDER } from '../../main/core/security/content-security-policy.js';
import { FAVICON_PNG } from '../../main/web/favicon.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { loopbackRequest, type LoopbackReply } from '../support/loopback-request.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
let web: WebServer;
let staticDir: string;
let links: string[];

beforeEach(async () => {
  core = await createTestCore();
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Integrations Desk</title>');
  links = [];
  web = await startWebServer({ core, staticDir, port: 0, onNewLink: (url) => links.push(url) });
});
afterEach(async () => {
  await web.close();
  await core.dispose();
});

/** A raw request to the server, addressed to its launch host unless `host` says otherwise. */
function request(method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<LoopbackReply> {
  return loopbackRequest(`${web.origin}${pathname}`, { method, headers, body });
}

/** Opens the printed link as a browser would; returns the session cookie it was given. */
async function signIn(): Promise<string> {
  const reply = await request('GET', `/oauth?token=${web.token}`);
  expect(reply.status).toBe(302);
  return reply.headers['set-cookie']![0]!.split(';')[0]!;
}

const json = { 'content-type': 'application/json' };
const page = { accept: 'text/html' };

describe('browser mode server', () => {
  it('listens on loopback only, under a random .localhost name', () => {
    const addresses = web.servers.map((s) => (s.address() as net.AddressInfo).address);
    expect(addresses[0]).toBe('127.0.0.1');
    for (const address of addresses) expect(['127.0.0.1', '::1']).toContain(address);
    expect(web.url).toMatch(new RegExp(`^http://desk-[0-9a-f]{32}\\.localhost:${web.port}/oauth\\?token=`));
  });

  it('refuses a request without a session', async () => {
    expect((await request('GET', '/oauth')).status).toBe(401);
    expect((await request('POST', '/api/rpc/integrations.list', { ...json, origin: web.origin }, '')).status).toBe(401);
  });

  it('answers a page load without a session with a small page saying where the link is, not JSON', async () => {
    const reply = await request('GET', '/oauth', page);
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.body).toContain('Open the link printed in the terminal');
    expect(reply.body).not.toContain(web.host);
    expect(reply.body).not.toContain(web.token);
  });

  it('refuses a wrong cookie, and the launch token used as a cookie', async () => {
    expect((await request('GET', '/oauth', { cookie: 'desk_session=guess' })).status).toBe(401);
    expect((await request('GET', '/oauth', { cookie: `desk_session=${web.token}` })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding, or 127.0.0.1 itself), even with a session', async () => {
    const cookie = await signIn();
    expect((await request('GET', '/oauth', { cookie, host: 'evil.example' })).status).toBe(421);
    expect((await request('GET', '/oauth', { cookie, host: `127.0.0.1:${web.port}` })).status).toBe(421);
    expect((await request('GET', '/oauth', { cookie, host: `other.localhost:${web.port}` })).status).toBe(421);
  });

  it('refuses a state-changing request from a foreign Origin (CSRF), even with the cookie', async () => {
    const cookie = await signIn();
    const reply = await request('POST', '/api/rpc/integrations.list', { cookie, ...json, origin: 'http://evil.example' }, '');
    expect(reply.status).toBe(403);
  });

  it('refuses a POST with no Origin from a cookie-only client', async () => {
    const cookie = await signIn();
    const reply = await request('POST', '/api/rpc/integrations.list', { cookie, ...json }, '');
    expect(reply.status).toBe(403);
  });

  it('exchanges the launch token once for a separate, host-only, HttpOnly, SameSite cookie and drops it from the address', async () => {
    const reply = await request('GET', `/oauth?token=${web.token}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/oauth');
    const cookie = reply.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^desk_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(web.token);
    expect(cookie).not.toMatch(/Domain=/i);
    // Used: a second browser is not signed in by the same link, and a new one is printed instead.
    const again = await request('GET', `/oauth?token=${web.token}`, page);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(links).toHaveLength(1);
    const next = new URL(links[0]!);
    expect(next.origin).toBe(web.origin);
    expect(next.searchParams.get('token')).not.toBe(web.token);
    expect((await request('GET', `${next.pathname}${next.search}`)).status).toBe(302);
  });

  it('sends a browser that already has a session on when it opens the used link again', async () => {
    const cookie = await signIn();
    const reply = await request('GET', `/oauth/create?token=${web.token}`, { cookie });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/oauth/create');
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it.each(['//evil.example/x', '//evil.example', '/\\evil.example', '///evil.example', '/\\/evil.example'])(
    'never redirects the token exchange off the app (%s)',
    async (target) => {
      const reply = await request('GET', `${target}?token=${web.token}`);
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toMatch(/^\/[^/\\]/);
    },
  );

  it('refuses a request target that is not a path', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: web.port, path: `http://evil.example/?token=${web.token}`, headers: { host: `${web.host}:${web.port}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('serves the app shell with a strict CSP once signed in', async () => {
    const reply = await request('GET', '/oauth/create', { cookie: await signIn() });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Integrations Desk');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('writes a fresh CSP nonce into every page, the same one its header allows', async () => {
    const cookie = await signIn();
    fs.writeFileSync(path.join(staticDir, 'index.html'), `<head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"></head>`);
    const nonces: string[] = [];
    for (const pathname of ['/oauth', '/oauth/create']) {
      const reply = await request('GET', pathname, { cookie });
      const policy = String(reply.headers['content-security-policy']);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1] ?? '';
      expect(nonce).not.toBe('');
      expect(reply.body).toBe(`<head><meta property="csp-nonce" nonce="${nonce}"></head>`);
      expect(policy).not.toContain('unsafe-inline');
      expect(reply.headers['cache-control']).toBe('no-store');
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('answers contract calls from its own origin, and from a script holding the link token, with result values', async () => {
    const reply = await request('POST', '/api/rpc/integrations.list', { cookie: await signIn(), ...json, origin: web.origin }, '');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: [] });
    const script = await request('POST', '/api/rpc/integrations.list', { 'x-desk-token': web.token, ...json }, '');
    expect(JSON.parse(script.body)).toEqual({ ok: true, value: [] });
    const bad = await request('POST', '/api/rpc/integrations.create', { 'x-desk-token': web.token, ...json }, '{"name":');
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  it('answers a malformed percent-escape in a channel name with 400, not 500', async () => {
    const reply = await request('POST', '/api/rpc/integrations.%E0%A4%A', { 'x-desk-token': web.token, ...json }, '');
    expect(reply.status).toBe(400);
  });

  it('delivers its 413 for an oversized body instead of resetting the connection', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    for (const headers of [{}, { 'transfer-encoding': 'chunked' }] as Array<Record<string, string>>) {
      const reply = await request('POST', '/api/rpc/integrations.list', { 'x-desk-token': web.token, ...json, ...headers }, big);
      expect(reply.status).toBe(413);
    }
  });

  it('serves a favicon without a session (no 404 on every page)', async () => {
    const reply = await loopbackRequest(`${web.origin}/favicon.ico`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(FAVICON_PNG.equals(fs.readFileSync('assets/icons/32x32.png'))).toBe(true);
  });

  it('streams main → renderer events to the page', async () => {
    const cookie = await signIn();
    const received = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: web.port, path: '/api/events', headers: { host: `${web.host}:${web.port}`, cookie } }, (res) => {
        let data = '';
        res.on('data', (c: Buffer) => {
          data += c.toString();
          if (data.includes('offerings.changed')) {
            resolve(data);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    core.events.emit('offerings.changed', { ids: ['x'] });
    expect(await received).toContain('"name":"offerings.changed"');
  });

  it('drops an event-stream client that does not read (backpressure)', async () => {
    const cookie = await signIn();
    const socket = net.connect({ host: '127.0.0.1', port: web.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /api/events HTTP/1.1\r\nHost: ${web.host}:${web.port}\r\nCookie: ${cookie}\r\n\r\n`);
    socket.pause();
    await expect.poll(() => web.eventClients()).toBe(1);
    const ids = Array.from({ length: 200 }, (_, i) => `off_${'x'.repeat(1000)}_${i}`);
    for (let i = 0; i < 200 && web.eventClients() > 0; i += 1) {
      core.events.emit('offerings.changed', { ids });
      await new Promise((r) => setImmediate(r));
    }
    expect(web.eventClients()).toBe(0);
    socket.destroy();
  });

  it('closes a connection that does not finish its headers in time (no 60 s slowloris)', async () => {
    expect(web.server.headersTimeout).toBeLessThanOrEqual(10_000);
    expect(web.server.requestTimeout).toBeLessThanOrEqual(30_000);
    expect(web.server.maxConnections).toBeGreaterThan(0);
    expect(web.server.maxConnections).toBeLessThanOrEqual(256);
  });

  it('does not serve files outside the renderer folder', async () => {
    const reply = await request('GET', '/..%2f..%2f..%2fetc%2fpasswd.txt', { cookie: await signIn() });
    expect(reply.status).toBe(404);
  });
});
