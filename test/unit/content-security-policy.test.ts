import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  appCsp,
  CSP_NONCE_PLACEHOLDER,
  createCspNonce,
  injectCspNonce,
  metaElementCsp,
} from '../../main/core/security/content-security-policy.js';

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

const BUILT_PAGE = `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="style-src 'self' 'nonce-${CSP_NONCE_PLACEHOLDER}'">
<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">
<script type="module" src="/assets/index.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script>
</head><body><div id="root"></div></body></html>`;

describe('the renderer’s Content-Security-Policy', () => {
  it('gives every response a fresh, unguessable nonce', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createCspNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('allows style elements only with the response’s nonce, never unsafe-inline', () => {
    const nonce = createCspNonce();
    const policy = directives(appCsp({ nonce }));
    expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(appCsp({ nonce })).not.toContain('unsafe-inline');
  });

  it('keeps scripts to the app’s own files: no inline script, no eval, not even with the nonce', () => {
    const policy = appCsp({ nonce: createCspNonce() });
    expect(directives(policy).get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-eval');
  });

  it('denies everything else by default and cannot be framed, and talks only to its own origin', () => {
    const policy = directives(appCsp({ nonce: createCspNonce() }));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('refuses a nonce that could break out of the header or the page', () => {
    expect(() => appCsp({ nonce: "x'; script-src *" })).toThrow();
    expect(() => appCsp({ nonce: 'short' })).toThrow();
    expect(() => injectCspNonce(BUILT_PAGE, '"><script>alert(1)</script>')).toThrow();
  });

  it('puts the same nonce in the page as in the header, everywhere the build left the placeholder', () => {
    const nonce = createCspNonce();
    const page = injectCspNonce(BUILT_PAGE, nonce);
    expect(page).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(page).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(page).toContain(`'nonce-${nonce}'`);
    expect(appCsp({ nonce })).toContain(`'nonce-${nonce}'`);
    expect(injectCspNonce(BUILT_PAGE, createCspNonce())).not.toBe(page);
  });

  it('drops frame-ancestors from the copy a meta element carries, which browsers ignore there', () => {
    const policy = appCsp({ nonce: createCspNonce() });
    const meta = metaElementCsp(policy);
    expect(directives(meta).has('frame-ancestors')).toBe(false);
    expect([...directives(meta).keys()]).toEqual([...directives(policy).keys()].filter((d) => d !== 'frame-ancestors'));
  });
});

describe('the dev-build policy', () => {
  const nonce = createCspNonce();

  it('allows the loopback dev server, its HMR socket and its nonce-carrying inline scripts', () => {
    const policy = directives(appCsp({ nonce, devServerUrl: 'http://127.0.0.1:5173' }));
    expect(policy.get('script-src')).toEqual(["'self'", 'http://127.0.0.1:5173', `'nonce-${nonce}'`]);
    expect(policy.get('style-src')).toEqual(["'self'", 'http://127.0.0.1:5173', `'nonce-${nonce}'`]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:5173', 'ws://127.0.0.1:5173']);
    expect(appCsp({ nonce, devServerUrl: 'http://localhost:5173/' })).toContain('ws://localhost:5173');
  });

  it('still has no unsafe-inline and no eval', () => {
    const policy = appCsp({ nonce, devServerUrl: 'http://127.0.0.1:5173' });
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
  });

  it('refuses a dev server that is not plain http on loopback', () => {
    for (const url of ['http://example.com:5173', 'https://127.0.0.1:5173', 'http://user:pw@127.0.0.1:5173', 'http://127.0.0.1', 'file:///tmp', 'not a url']) {
      expect(() => appCsp({ nonce, devServerUrl: url }), url).toThrow(/loopback/);
    }
  });
});

describe('the built renderer page', () => {
  it('carries the placeholder where the servers put the nonce, and a meta copy of the production policy', () => {
    const file = 'out/renderer/index.html';
    expect(fs.existsSync(file), 'run `npm run build` first (npm test does)').toBe(true);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain(`<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    expect(meta).toBe(metaElementCsp(appCsp({ nonce: CSP_NONCE_PLACEHOLDER })));
    // The policy comes before anything it governs.
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  });
});
