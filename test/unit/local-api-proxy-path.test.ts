import { describe, expect, it } from 'vitest';
import { ApiError } from '../../main/core/local-api/api-error.js';
import { checkProxyPath, parseProxyRequest, upstreamTarget } from '../../main/core/local-api/proxy-request.js';

const refused = (path: unknown): boolean => {
  try {
    checkProxyPath(path);
    return false;
  } catch (error) {
    return error instanceof ApiError && error.status === 400 && error.error === 'invalid_path';
  }
};

describe('the proxy path rule', () => {
  it('accepts relative Salesforce paths under /services/', () => {
    for (const path of [
      '/services/data/v59.0/query',
      '/services/data/v59.0/sobjects/Account/001000000000001AAA',
      '/services/data/v59.0/sobjects/Contact/Ext_Id__c/abc%20123',
      '/services/apexrest/my/endpoint',
      '/services/data/v59.0/',
      // Dots inside a segment are not dot segments.
      '/services/data/v59.0/sobjects/a..b/.c/d./...',
    ]) {
      expect(checkProxyPath(path)).toBe(path);
    }
  });

  it.each([
    ['an absolute URL', 'https://evil.example/services/data'],
    ['a scheme-relative URL', '//evil.example/services/data'],
    ['a path outside /services/', '/id/00D/005'],
    ['a path without its leading slash', 'services/data'],
    ['/services without a slash', '/services'],
    ['a look-alike prefix', '/servicesX/data'],
    ['dot-dot segments', '/services/../id'],
    ['a trailing dot-dot', '/services/data/..'],
    ['dot segments', '/services/./data'],
    ['encoded dots', '/services/%2e%2e/id'],
    ['upper-case encoded dots', '/services/%2E%2E/id'],
    ['encoded slashes', '/services/data%2F..%2Fid'],
    ['encoded backslashes', '/services/data%5c..%5cid'],
    ['double encoding', '/services/%252e%252e/id'],
    ['backslashes', '/services\\..\\id'],
    ['an empty segment', '/services//evil.example/x'],
    ['an empty segment before the end', '/services/data//'],
    ['a trailing dot', '/services/data/.'],
    ['a dot segment right after /services/', '/services/./'],
    ['a query string', '/services/data/v59.0/query?q=x'],
    ['a fragment', '/services/data#x'],
    ['whitespace', '/services/data v59'],
    ['a tab', '/services/data\tx'],
    ['a newline (header injection)', '/services/data\r\nHost: evil'],
    ['an encoded NUL', '/services/data/%00'],
    ['a malformed escape', '/services/data/%zz'],
    ['a truncated escape', '/services/data/%2'],
    ['non-ASCII', '/services/dätä'],
    ['a full-width slash', '/services/data\uFF0F..'],
    ['an @ authority trick', '@evil.example/services/'],
    ['a non-string', 42],
    ['nothing', undefined],
    ['a very long path', `/services/${'a'.repeat(3000)}`],
  ])('refuses %s', (_label, path) => {
    expect(refused(path)).toBe(true);
  });

  it('builds the URL on the instance origin and nowhere else', () => {
    const built = upstreamTarget('https://acme.my.salesforce.com', { path: '/services/data/v59.0/query', query: [['q', 'SELECT Id FROM Account']] });
    expect(built).toEqual({ origin: 'https://acme.my.salesforce.com', target: '/services/data/v59.0/query?q=SELECT+Id+FROM+Account' });
    // An instance URL with a path of its own contributes only its origin.
    expect(upstreamTarget('https://acme.my.salesforce.com/ignored/', { path: '/services/x', query: [] })).toEqual({ origin: 'https://acme.my.salesforce.com', target: '/services/x' });
    expect(() => upstreamTarget('javascript:alert(1)', { path: '/services/x', query: [] })).toThrow(ApiError);
  });

  it('checks what the URL parser makes of a path, also when the path check let it through', () => {
    // Not a path `checkProxyPath` accepts: this is the second check on its own, as if the first had a gap.
    expect(() => upstreamTarget('https://acme.my.salesforce.com', { path: '/services/%2e%2e/id', query: [] })).toThrow(ApiError);
    expect(() => upstreamTarget('https://acme.my.salesforce.com', { path: '/services/a/../../id', query: [] })).toThrow(ApiError);
    // …each time it is asked, not only the first time.
    expect(() => upstreamTarget('https://acme.my.salesforce.com', { path: '/services/%2e%2e/id', query: [['q', 'x']] })).toThrow(ApiError);
  });

  it('checks each instance URL, however many were checked before', () => {
    for (let i = 0; i < 1_100; i += 1) upstreamTarget(`https://org${i}.my.salesforce.com`, { path: '/services/x', query: [] });
    expect(() => upstreamTarget('ftp://acme.example', { path: '/services/x', query: [] })).toThrow(ApiError);
    expect(upstreamTarget('http://127.0.0.1:8443/x', { path: '/services/x', query: [] }).origin).toBe('http://127.0.0.1:8443');
  });
});

describe('the proxy request body', () => {
  it('parses method, path, query and data', () => {
    expect(parseProxyRequest({ method: 'patch', path: '/services/data/v59.0/sobjects/Account/1', data: { Name: 'x' } })).toEqual({
      method: 'PATCH',
      path: '/services/data/v59.0/sobjects/Account/1',
      query: [],
      body: '{"Name":"x"}',
    });
    expect(parseProxyRequest({ path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account', tag: ['a', 2, true], skip: null } }).query).toEqual([
      ['q', 'SELECT Id FROM Account'],
      ['tag', 'a'],
      ['tag', '2'],
      ['tag', 'true'],
    ]);
  });

  it('refuses data on GET, HEAD and DELETE, unknown fields and odd query values', () => {
    for (const body of [
      { method: 'GET', path: '/services/x', data: {} },
      { method: 'DELETE', path: '/services/x', data: {} },
      { method: 'GET', path: '/services/x', query: { a: { nested: 1 } } },
      { method: 'GET', path: '/services/x', query: ['a'] },
      { method: 'GET', path: '/services/x', url: 'https://evil.example' },
      { method: 'CONNECT', path: '/services/x' },
      null,
      'GET /services/x',
    ]) {
      expect(() => parseProxyRequest(body), JSON.stringify(body)).toThrow(ApiError);
    }
  });
});
