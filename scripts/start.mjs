#!/usr/bin/env node
// `npm start`: builds and runs the Electron app, or browser mode where the Electron binary is missing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path, or undefined when it was never downloaded.
 *
 * Reads what electron's install step records (`path.txt`) instead of `require('electron')`, which would
 * try to download the binary on the spot.
 */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
    const binary = path.join(base, relative);
    return fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => resolve(code ?? 1));
  });

const binary = electronBinary();
if (binary) {
  process.exit(await run('npx', ['electron-vite', 'preview']));
} else {
  console.log('Electron is not available on this machine (its binary was not downloaded); starting browser mode instead.');
  await import('./web.mjs');
}
