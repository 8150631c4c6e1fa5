import { describe, expect, it } from 'vitest';
import { rendererStartUrl } from '../../main/core/security/renderer-start-url.js';

describe('the main window’s start URL', () => {
  it('is the app:// page in a packaged app, whatever the environment says', () => {
    expect(rendererStartUrl({}, true)).toBe('app://desk/oauth');
    expect(rendererStartUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, true)).toBe('app://desk/oauth');
  });

  it('is the Vite dev server in a dev build (`npm run dev`)', () => {
    expect(rendererStartUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false)).toBe('http://127.0.0.1:5173/oauth');
    expect(rendererStartUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false)).toBe('http://localhost:5173/oauth');
    expect(rendererStartUrl({ ELECTRON_RENDERER_URL: 'http://[::1]:5173' }, false)).toBe('http://[::1]:5173/oauth');
  });

  it('is the app:// page in an unpackaged build started without a dev server (`npm start`)', () => {
    expect(rendererStartUrl({}, false)).toBe('app://desk/oauth');
    expect(rendererStartUrl({ ELECTRON_RENDERER_URL: '' }, false)).toBe('app://desk/oauth');
  });

  it('never points the privileged window at a page off loopback, on https, or with credentials', () => {
    for (const url of [
      'http://example.com:5173',
      'http://127.0.0.1.example.com:5173',
      'https://127.0.0.1:5173',
      'http://user:pw@127.0.0.1:5173',
      'file:///tmp/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(rendererStartUrl({ ELECTRON_RENDERER_URL: url }, false), url).toBe('app://desk/oauth');
    }
  });
});
