import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFileFor } from '../../main/core/security/renderer-file.js';

const root = path.resolve('/srv/renderer');

describe('which renderer file a URL path serves', () => {
  it('serves assets from inside the renderer folder', () => {
    expect(rendererFileFor(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
  });

  it('serves the app shell for routes', () => {
    expect(rendererFileFor(root, '/oauth/create')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, '/')).toBe(path.join(root, 'index.html'));
  });

  it('never leaves the renderer folder', () => {
    expect(rendererFileFor(root, '/../../etc/passwd.txt')).toBe(path.join(root, 'etc/passwd.txt'));
    expect(rendererFileFor(root, '/..%2f..%2fetc%2fpasswd.txt')).toBe(path.join(root, 'etc/passwd.txt'));
  });

  it('refuses a malformed escape', () => {
    expect(rendererFileFor(root, '/%E0%A4%A')).toBeUndefined();
  });
});
