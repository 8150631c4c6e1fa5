import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSP_NONCE_PLACEHOLDER } from '../../main/core/security/content-security-policy.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let core: TestCore;
let web: WebServer;
let port: number;
let staticDir: string;

beforeEach(async () => {
  core = await createTestCore();
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Integrations Desk</title>');
  web = await startWebServer({ core, staticDir, port: 0 });
  port = (web.server.address() as AddressInfo).port;
});
afterEach(async () => {
  await web.close();
  await core.dispose();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request to the server on 127.0.0.1, with full control of Host, Origin and cookies. */
function request(method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const cookie = () => ({ cookie: `desk_session=${web.token}` });
const json = { 'content-type': 'application/json' };

describe('browser mode server', () => {
  it('listens on a loopback address only', () => {
    const address = web.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(web.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/oauth\\?token=`));
  });

  it('refuses a request without the session token', async () => {
    expect((await request('GET', '/oauth')).status).toBe(401);
    expect((await request('POST', '/api/rpc/integrations.list', { ...json, origin: web.origin }, '')).status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect((await request('GET', '/oauth', { cookie: 'desk_session=guess' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const reply = await request('GET', '/oauth', { ...cookie(), host: 'evil.example' });
    expect(reply.status).toBe(421);
  });

  it('refuses a state-changing request from a foreign Origin (CSRF), even with the cookie', async () => {
    const reply = await request('POST', '/api/rpc/integrations.list', { ...cookie(), ...json, origin: 'http://evil.example' }, '');
    expect(reply.status).toBe(403);
  });

  it('refuses a POST with no Origin from a cookie-only client', async () => {
    const reply = await request('POST', '/api/rpc/integrations.list', { ...cookie(), ...json }, '');
    expect(reply.status).toBe(403);
  });

  it('exchanges the launch URL token for an HttpOnly, SameSite cookie and drops it from the address', async () => {
    const reply = await request('GET', `/oauth?token=${web.token}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/oauth');
    expect(reply.headers['set-cookie']?.[0]).toMatch(/desk_session=.+; Path=\/; HttpOnly; SameSite=Strict/);
  });

  it('serves the app shell with a strict CSP once signed in', async () => {
    const reply = await request('GET', '/oauth/create', cookie());
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Integrations Desk');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('writes a fresh CSP nonce into every page, the same one its header allows', async () => {
    fs.writeFileSync(path.join(staticDir, 'index.html'), `<head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"></head>`);
    const nonces: string[] = [];
    for (const pathname of ['/oauth', '/oauth/create']) {
      const reply = await request('GET', pathname, cookie());
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

  it('answers contract calls from its own origin with result values', async () => {
    const reply = await request('POST', '/api/rpc/integrations.list', { ...cookie(), ...json, origin: web.origin }, '');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: [] });
    const bad = await request('POST', '/api/rpc/integrations.create', { ...cookie(), ...json, origin: web.origin }, '{"name":');
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  it('streams main → renderer events to the page', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, ...cookie() } }, (res) => {
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

  it('does not serve files outside the renderer folder', async () => {
    const reply = await request('GET', '/..%2f..%2f..%2fetc%2fpasswd.txt', cookie());
    expect(reply.status).toBe(404);
  });
});
