import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('Electronegativity on the built app', () => {
  it('reports no finding of medium severity or above', () => {
    expect(fs.existsSync('out/main/index.js'), 'out/ is missing: run `npm run build` first (npm test does)').toBe(true);
    const run = spawnSync(process.execPath, ['scripts/electronegativity-check.mjs'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/0 of medium severity or above/);
    expect(run.status).toBe(0);
  }, 120_000);
});
