import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackRequest } from '../support/loopback-request.js';
import { expect, test } from './support/desk-app.js';

/**
 * Issue 13, acceptance 1: after the admin opens the app, another loopback server they visit in the same
 * browser receives nothing usable — no cookie, no token — and what it did receive opens nothing.
 *
 * On the old design (the launch token as a cookie on 127.0.0.1) the second server got `desk_session`
 * and created an API key with it.
 */
interface Seen {
  host: string;
  cookie?: string;
  referer?: string;
  url: string;
}

test('a second loopback server visited in the same browser receives nothing usable', async ({ page, desk }) => {
  const seen: Seen[] = [];
  const other = http.createServer((req, res) => {
    seen.push({ host: req.headers.host ?? '', cookie: req.headers.cookie, referer: req.headers.referer, url: req.url ?? '' });
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Another local server</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  try {
    await page.goto(desk.url);
    await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'desk_session')?.domain).toBe(new URL(desk.origin).hostname);

    // The admin visits another local server, by IP and by name, in the same browser (same cookie jar).
    for (const origin of [`http://127.0.0.1:${otherPort}`, `http://localhost:${otherPort}`]) {
      await page.goto(`${origin}/from-the-same-browser`);
      await expect(page.getByText('hello')).toBeVisible();
    }
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const request of seen) {
      expect(request.cookie ?? '').not.toContain('desk_session');
      expect(JSON.stringify(request)).not.toContain(desk.token);
      expect(JSON.stringify(request)).not.toContain(new URL(desk.origin).hostname);
    }

    // Whatever it received, replayed against the app (where it would have to guess the host name too),
    // creates nothing: the attack of the red-team pass, `apiKeys.create`, is refused.
    const received = seen.map((r) => r.cookie).filter((c): c is string => c !== undefined);
    for (const target of [`http://127.0.0.1:${new URL(desk.origin).port}`, desk.origin]) {
      for (const cookie of [...received, '']) {
        const reply = await loopbackRequest(`${target}/api/rpc/apiKeys.create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: target, ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ integrationId: 'int_x', name: 'stolen' }),
        });
        expect([401, 421]).toContain(reply.status);
      }
    }

    // A page on the other server cannot call the app from the browser either.
    await page.goto(`http://127.0.0.1:${otherPort}/attacker`);
    const fromOtherPage = await page.evaluate(async (port) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/rpc/apiKeys.create`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        return response.status;
      } catch {
        return 0;
      }
    }, new URL(desk.origin).port);
    expect(fromOtherPage).not.toBe(200);

    // The app itself still works in that browser.
    await page.goto(`${desk.origin}/oauth`);
    await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});
