#!/usr/bin/env node
// Runs Electronegativity over the built app (out/) and fails on any finding of MEDIUM severity or above.
// Suppressions live next to the code they concern, as `eng-disable` comments with a justification.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
if (!fs.existsSync('out/main/index.js')) {
  console.error('out/ is missing: run `npm run build` first.');
  process.exit(2);
}
const electronVersion = require('electron/package.json').version;

// Excluded checks, each with its reason:
// - AvailableSecurityFixesGlobalCheck downloads Electron's release list from the internet; the pinned
//   Electron major is checked by a unit test instead (test/unit/dependencies.test.ts).
// - OpenExternalJSCheck asks to review shell.openExternal: it is called in exactly one place,
//   main/adapters/open-external.ts, behind isAllowedExternalUrl (https: or our own loopback pages), and
//   test/unit/architecture.test.ts fails if another call site appears. An inline suppression cannot be
//   used: the bundler moves comments off the flagged line.
const excluded = ['AvailableSecurityFixesGlobalCheck', 'OpenExternalJSCheck'];

// The loopback-only preload: Electronegativity fetches translations and release lists from the internet.
const run = spawnSync(
  process.execPath,
  ['--require', path.resolve('scripts/loopback-only.cjs'), path.resolve('scripts/electronegativity-run.cjs'), 'out', electronVersion, excluded.join(',')],
  { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
);
const line = run.stdout.trim().split('\n').findLast((l) => l.startsWith('{'));
if (run.status !== 0 || !line) {
  console.error(run.stdout, run.stderr);
  console.error('Electronegativity did not run.');
  process.exit(2);
}
const { findings, checks } = JSON.parse(line);
if (checks < 20) {
  console.error(`Electronegativity ran only ${checks} checks: something is wrong with its set-up.`);
  process.exit(2);
}
const serious = findings.filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
for (const f of findings) console.log(`${f.severity.padEnd(8)} ${f.issue} ${f.file}:${f.location}`);
console.log(`Electronegativity (Electron ${electronVersion}, ${checks} checks): ${findings.length} findings, ${serious.length} of medium severity or above.`);
process.exit(serious.length > 0 ? 1 : 0);
