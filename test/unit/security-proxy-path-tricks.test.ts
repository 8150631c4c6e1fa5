import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE } from '../support/connection-harness.js';
import { createLocalApiHarness, type LocalApiHarness } from '../support/local-api-harness.js';

/**
 * Security suite: the proxy path-trick list, end to end. Each trick goes to the real local API with a
 * valid key for a live connection; each must be refused (400 invalid_path or invalid_request) before a
 * single byte goes upstream, since the proxy attaches a live access token to whatever it sends.
 */
export const PROXY_PATH_TRICKS: ReadonlyArray<readonly [string, unknown]> = [
  ['an absolute URL', 'https://evil.example/services/data'],
  ['an http URL', 'http://10.0.0.5/services/data'],
  ['a scheme-relative URL', '//evil.example/services/data'],
  ['a backslash host', '\\\\evil.example\\services'],
  ['a path outside /services/', '/id/00D000000000001AAA/005000000000001AAA'],
  ['the OAuth endpoints', '/services/oauth2/token'.replace('/services/', '/services/../services/')],
  ['/services without a slash', '/services'],
  ['a look-alike prefix', '/servicesX/data'],
  ['dot-dot segments', '/services/../id'],
  ['a trailing dot-dot', '/services/data/..'],
  ['dot segments', '/services/./data'],
  ['encoded dots', '/services/%2e%2e/id'],
  ['upper-case encoded dots', '/services/%2E%2E/id'],
  ['mixed encoded dots', '/services/.%2e/id'],
  ['encoded slashes', '/services/data%2F..%2Fid'],
  ['encoded backslashes', '/services/data%5c..%5cid'],
  ['double encoding', '/services/%252e%252e/id'],
  ['backslashes', '/services\\..\\id'],
  ['an empty segment (host swap)', '/services//evil.example/x'],
  ['a query string', '/services/data/v59.0/query?q=x'],
  ['a fragment', '/services/data#x'],
  ['whitespace', '/services/data v59'],
  ['a tab', '/services/data\tx'],
  ['CR/LF (header injection)', '/services/data\r\nHost: evil.example'],
  ['an encoded CR/LF', '/services/data%0d%0aHost:%20evil'],
  ['an encoded NUL', '/services/data/%00'],
  ['a malformed escape', '/services/data/%zz'],
  ['a truncated escape', '/services/data/%2'],
  ['non-ASCII', '/services/dätä'],
  ['a full-width slash', '/services/data\uFF0F..'],
  ['a path of 10,000 characters', `/services/${'a'.repeat(10_000)}`],
  ['not a string', { toString: '/services/data' }],
  ['an array', ['/services/data']],
];

describe('proxy path tricks (security suite)', () => {
  let h: LocalApiHarness;
  let key: string;
  let alice: Connection;
  /** Every URL the core fetched (token endpoint, REST…): a refused trick adds none. */
  const fetched: string[] = [];

  beforeAll(async () => {
    h = await createLocalApiHarness({
      fetch: (next) => async (input, init) => {
        fetched.push(input instanceof Request ? input.url : String(input));
        return next(input, init);
      },
    });
    key = (await h.createKey('Path tricks')).value;
    alice = (await h.connect(ALICE)).connection;
  });
  afterAll(async () => h?.stop());

  it.each(PROXY_PATH_TRICKS)('refuses %s without calling upstream', async (_label, path) => {
    const before = fetched.length;
    const res = await h.proxy<{ error: string }>(alice.id, { method: 'GET', path }, key);
    expect(res.status).toBe(400);
    expect(['invalid_path', 'invalid_request']).toContain(res.json.error);
    expect(fetched.slice(before)).toEqual([]);
  });

  it('still proxies a genuine path (the list is not passing because everything is refused)', async () => {
    const before = fetched.length;
    const res = await h.proxy(alice.id, { method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } }, key);
    expect(res.status).toBe(200);
    expect(fetched.length).toBeGreaterThan(before);
  });
});
