import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackListener, PortInUseError, type LoopbackListenerOptions } from '../../main/core/oauth/loopback-listener.js';
import { findPortOwner, listeningInodes } from '../../main/core/oauth/port-owner.js';
import { freePort } from '../support/connection-harness.js';
import { loopbackFetch } from '../support/loopback-request.js';

const PATH = '/oauth/callback';
const opened: LoopbackListener[] = [];
const blockers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.cancel()));
  await Promise.all(blockers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function open(overrides: Partial<LoopbackListenerOptions> = {}): Promise<LoopbackListener> {
  const listener = await LoopbackListener.open({
    host: '127.0.0.1',
    port: await freePort(),
    path: PATH,
    timeoutMs: 10_000,
    claim: () => async () => ({ ok: true, title: 'Connected', message: 'Done.' }),
    ...overrides,
  });
  opened.push(listener);
  return listener;
}

/** Always to 127.0.0.1, with control of the method and the Host header. */
const request = (port: number, path: string, init: { method?: string; host?: string } = {}) =>
  loopbackFetch(`http://127.0.0.1:${port}${path}`, { method: init.method, headers: init.host ? { host: init.host } : {} });

async function block(port: number, host = '127.0.0.1'): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  blockers.push(server);
  return server;
}

const ipv6Available = async (): Promise<boolean> => {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
};

describe('the loopback listener', () => {
  it('binds 127.0.0.1 only, on the port it was given', async () => {
    const port = await freePort();
    const listener = await open({ port });
    expect(listener.isListening).toBe(true);
    expect(listener.port).toBe(port);
    expect(listener.addresses()).toEqual([{ address: '127.0.0.1', family: 'IPv4', port }]);
  });

  it('also binds [::1] when the callback host is localhost, where browsers may resolve it', async () => {
    const listener = await open({ host: 'localhost' });
    const addresses = listener.addresses().map((a) => a.address);
    expect(addresses).toContain('127.0.0.1');
    if (await ipv6Available()) expect(addresses).toContain('::1');
    expect(addresses.every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });

  it('answers 404 on other paths and 405 on other methods, and keeps waiting', async () => {
    let calls = 0;
    const listener = await open({ claim: () => async () => ((calls += 1), { ok: true, title: 'Connected', message: 'Done.' }) });
    expect((await request(listener.port, '/favicon.ico')).status).toBe(404);
    expect((await request(listener.port, `${PATH}/extra?code=x`)).status).toBe(404);
    const post = await request(listener.port, `${PATH}?code=x&state=y`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(calls).toBe(0);
    expect(listener.isListening).toBe(true);
  });

  it('refuses a Host header that is not one of our loopback names (DNS rebinding)', async () => {
    const listener = await open();
    expect((await request(listener.port, `${PATH}?code=x`, { host: `evil.example:${listener.port}` })).status).toBe(400);
    expect(listener.isListening).toBe(true);
  });

  it('answers a request no sign-in claims with 400, and keeps listening for the one it does', async () => {
    const claimed: string[] = [];
    const listener = await open({
      claim: (url) =>
        url.searchParams.get('state') === 'GENUINE'
          ? async () => (claimed.push(url.searchParams.get('code') ?? ''), { ok: true, title: 'Connected', message: 'Done.' })
          : undefined,
    });
    const forged = await request(listener.port, `${PATH}?code=FORGED&state=forged`);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('does not belong to a sign-in that is waiting');
    expect(forged.body).not.toContain('FORGED');
    expect((await request(listener.port, `${PATH}?error=access_denied`)).status).toBe(400);
    expect(listener.isListening).toBe(true);
    expect((await request(listener.port, `${PATH}?code=real&state=GENUINE`)).status).toBe(200);
    expect(claimed).toEqual(['real']);
  });

  it('answers a claimed callback with a self-contained page; closing waits for the answer', async () => {
    let seen: URL | undefined;
    let listener!: LoopbackListener;
    listener = await open({
      claim: (url) => {
        listener.stopAccepting();
        return async () => ((seen = url), { ok: true, title: 'Connected', message: 'The account is now connected.' });
      },
    });
    const page = await request(listener.port, `${PATH}?code=SECRET-CODE&state=SECRET-STATE`);
    expect(page.status).toBe(200);
    expect(seen?.searchParams.get('code')).toBe('SECRET-CODE');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('return to Integrations Desk');
    expect(page.body).not.toMatch(/SECRET-CODE|SECRET-STATE/);
    expect(page.body).not.toMatch(/<(script|img|link|iframe)\b|https?:\/\//i);
    await listener.close('answered');
    expect(await listener.done).toBe('answered');
    expect(listener.isListening).toBe(false);
    await expect(request(listener.port, `${PATH}?code=again`)).rejects.toThrow();
  });

  it('stops accepting connections when the owner says so, before answering the claimed callback', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let listeningDuringCallback: boolean | undefined;
    const listener: LoopbackListener = await open({
      claim: () => {
        listener.stopAccepting();
        return async () => {
          listeningDuringCallback = listener.isListening;
          await gate;
          return { ok: false, title: 'Sign-in failed', message: 'No.' };
        };
      },
    });
    const pending = request(listener.port, `${PATH}?code=x&state=y`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listeningDuringCallback).toBe(false);
    release();
    expect((await pending).status).toBe(400);
  });

  it('closes on cancel', async () => {
    const listener = await open();
    await listener.cancel();
    expect(await listener.done).toBe('cancelled');
    expect(listener.isListening).toBe(false);
    await expect(request(listener.port, PATH)).rejects.toThrow();
  });

  it('closes on timeout', async () => {
    const listener = await open({ timeoutMs: 50 });
    expect(await listener.done).toBe('timed-out');
    expect(listener.isListening).toBe(false);
  });

  it('reports a taken port as PORT_IN_USE with the owner, having opened nothing', async () => {
    const port = await freePort();
    await block(port);
    const attempt = LoopbackListener.open({
      host: '127.0.0.1',
      port,
      path: PATH,
      claim: () => undefined,
      findOwner: async () => ({ pid: 4242, command: 'other-app' }),
    });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: expect.stringContaining(`The callback port ${port} on 127.0.0.1 is in use by another program (other-app, process 4242)`),
    });
  });

  it('treats a port taken on [::1] as taken when the host is localhost', async () => {
    if (!(await ipv6Available())) return;
    const port = await freePort();
    await block(port, '::1');
    await expect(
      LoopbackListener.open({ host: 'localhost', port, path: PATH, claim: () => undefined, findOwner: async () => undefined }),
    ).rejects.toMatchObject({ code: 'PORT_IN_USE', message: expect.stringContaining(`port ${port} on [::1]`) });
  });
});

describe('finding who holds a port', () => {
  it('reads listening sockets from a /proc/net/tcp table', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:BB6F 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:BB6F 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 999999 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 0xbb6f)).toEqual(['123456']);
    expect(listeningInodes(table, 8080)).toEqual(['777']);
    expect(listeningInodes(table, 1)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('names this very process when it holds the port (Linux)', async () => {
    const port = await freePort();
    await block(port);
    expect(await findPortOwner(port)).toMatchObject({ pid: process.pid });
  });
});
