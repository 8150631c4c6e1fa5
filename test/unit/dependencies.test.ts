import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const all = { ...pkg.dependencies, ...pkg.devDependencies };

describe('dependency pins', () => {
  it('pins every dependency to an exact version (TypeScript to ~5.9)', () => {
    for (const [name, range] of Object.entries(all)) {
      if (name === 'typescript') expect(range).toMatch(/^~?5\.9\.\d+$/);
      else expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('uses a supported Electron major (one of the newest three stable majors: 43–45 in November 2026)', () => {
    const major = Number(all.electron!.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(43);
  });

  it('resolves the installed versions to the pinned ones', () => {
    for (const name of ['electron', 'react', 'openid-client', 'zod', 'conf', 'vite', 'vitest']) {
      const installed = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string };
      expect(installed.version, name).toBe(all[name]);
    }
  });
});
