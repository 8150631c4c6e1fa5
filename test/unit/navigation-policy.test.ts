import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isAppUrl, isTrustedSender, originOf } from '../../main/core/security/navigation-policy.js';
import { isPermissionGranted } from '../../main/core/security/permission-policy.js';

describe('origins as Chromium serializes them', () => {
  it('gives app:// its tuple origin, where Node’s URL says "null"', () => {
    // The defect: `new URL('app://desk/oauth').origin` is "null" in Node, so no sender ever matched.
    expect(new URL('app://desk/oauth').origin).toBe('null');
    expect(originOf('app://desk/oauth?x=1')).toBe('app://desk');
    expect(originOf('https://evil.example/a')).toBe('https://evil.example');
    expect(originOf('data:text/html,x')).toBe('null');
    expect(originOf('not a url')).toBe('null');
    expect(originOf('app:desk')).toBe('null');
  });

  it('knows the app’s own URLs, and the dev server only when named', () => {
    expect(isAppUrl('app://desk/oauth/create')).toBe(true);
    expect(isAppUrl('app://other/oauth')).toBe(false);
    expect(isAppUrl('http://localhost:5173/oauth')).toBe(false);
    expect(isAppUrl('http://localhost:5173/oauth', ['http://localhost:5173'])).toBe(true);
  });
});

describe('IPC sender check', () => {
  const top = (url: string, origin = originOf(url)) => ({ url, origin, isTopFrame: true });
  it('accepts the app’s top frame as Electron reports it', () => {
    expect(isTrustedSender(top('app://desk/oauth'))).toBe(true);
    expect(isTrustedSender(top('app://desk/oauth/int_1?tab=connections'))).toBe(true);
  });

  it('refuses subframes, other pages, opaque origins, a missing frame, and a URL/origin mismatch', () => {
    expect(isTrustedSender({ ...top('app://desk/oauth'), isTopFrame: false })).toBe(false);
    expect(isTrustedSender(top('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(top('app://desk/oauth', 'null'))).toBe(false);
    expect(isTrustedSender(top('about:blank', 'app://desk'))).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/oauth'))).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/oauth'), ['http://localhost:5173'])).toBe(true);
  });
});

describe('external URLs', () => {
  it('allows https, the app’s own loopback ports, and any loopback port only when asked', () => {
    expect(isAllowedExternalUrl('https://login.salesforce.com/services/oauth2/authorize')).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:47615/x', [47615])).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:9999/authorize', [47615])).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:9999/authorize', 'any')).toBe(true);
    expect(isAllowedExternalUrl('http://10.0.0.5:80/', 'any')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd', 'any')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@example.com/')).toBe(false);
  });
});

describe('permissions', () => {
  const app = { requestingUrl: 'app://desk/oauth/int_1', isMainFrame: true };
  it('grants clipboard writing to the app’s own page (check and request)', () => {
    // The defect: a deny-all handler refused this too, so every Copy button failed.
    expect(isPermissionGranted('clipboard-sanitized-write', app)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', { ...app, requestingOrigin: 'app://desk' })).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', { requestingOrigin: 'app://desk', isMainFrame: true })).toBe(true);
  });

  it('refuses it to subframes and other origins, and refuses every other permission', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', { ...app, isMainFrame: false })).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', { ...app, requestingOrigin: 'https://evil.example' })).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', { isMainFrame: true })).toBe(false);
    for (const permission of ['clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(isPermissionGranted(permission, app)).toBe(false);
    }
  });
});
