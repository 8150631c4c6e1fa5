#!/usr/bin/env node
// `npm test`: typecheck, build, unit + renderer tests (Vitest), end-to-end tests (Playwright in browser
// mode). Ends with one line counting passed and failed tests across all of them; a step that is not a
// test suite (typecheck, build) adds a failure when it fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

fs.mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args, count) {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', DESK_NO_OPEN: '1' } });
  const ok = result.status === 0;
  const counted = count?.();
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
    if (!ok && counted.failed === 0) {
      failed += 1;
      failures.push(`${name} (exit ${result.status})`);
    }
  } else if (!ok) {
    failed += 1;
    failures.push(name);
  }
  return ok;
}

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
step('typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
step('typecheck (end-to-end tests)', 'npx', ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit']);
const built = step('build', 'npx', ['electron-vite', 'build']);

fs.rmSync('test-results/vitest.json', { force: true });
step('unit and renderer tests (Vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json'], () => {
  const report = readJson('test-results/vitest.json');
  return report && { passed: report.numPassedTests, failed: report.numFailedTests };
});

if (built) {
  fs.rmSync('test-results/playwright.json', { force: true });
  step('end-to-end tests (Playwright, browser mode)', 'npx', ['playwright', 'test'], () => {
    const report = readJson('test-results/playwright.json');
    return report && { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
  });
} else {
  failed += 1;
  failures.push('end-to-end tests (not run: the build failed)');
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
