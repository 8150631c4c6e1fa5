#!/usr/bin/env node
// `npm start`: builds and runs the Electron app, or browser mode where the Electron binary cannot be had.
//
// Electron's npm package has no install step: its binary is downloaded on first use (node_modules/electron/
// index.js runs install.js), so after a fresh `npm ci` it is missing. This script runs that installer
// itself, with its output visible, and explains in one line why it falls back to browser mode when the
// binary still is not there.
//
// Environment:
//   DESK_NO_ELECTRON=1        browser mode straight away, without looking for Electron
//   DESK_NO_BUILD=1           do not build first (`electron-vite preview --skipBuild`, or browser mode as is)
//   DESK_ELECTRON_INSTALLER   the installer script to run with Node instead of Electron's install.js (tests)
//   DESK_ELECTRON_MIN_NODE    the Node version that installer needs, instead of electron's `engines` (tests)
//   ELECTRON_EXEC_PATH        the Electron binary to run (electron-vite's own variable)
//   ELECTRON_OVERRIDE_DIST_PATH  the folder holding the Electron binary (electron's own variable)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronPackage = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'));

/** The executable's name inside Electron's dist folder, as electron's install.js spells it. */
function platformExecutable() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/**
 * The Electron binary's path, or undefined when it was never downloaded.
 *
 * Reads what electron's installer records (`path.txt`) instead of `require('electron')`, which would try
 * to download the binary on the spot, without a word about why it fails.
 */
function electronBinary() {
  const candidates = [];
  if (process.env.ELECTRON_EXEC_PATH) candidates.push(process.env.ELECTRON_EXEC_PATH);
  let relative;
  try {
    relative = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    relative = undefined;
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    candidates.push(path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || platformExecutable()));
  } else if (relative) {
    candidates.push(path.join(electronDir, 'dist', relative));
  }
  return candidates.find((file) => fs.existsSync(file));
}

/** `[major, minor, patch]` of a version or of the first version in a range such as ">= 22.12.0". */
function versionOf(text) {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text ?? '');
  return match ? match.slice(1, 4).map(Number) : [0, 0, 0];
}

function atLeast(actual, required) {
  for (let i = 0; i < 3; i++) if (actual[i] !== required[i]) return actual[i] > required[i];
  return true;
}

/**
 * Runs Electron's installer (or the one named by DESK_ELECTRON_INSTALLER), showing its output, and
 * resolves to undefined on success or to the reason it failed, in a few words.
 */
function runInstaller() {
  const installer = process.env.DESK_ELECTRON_INSTALLER ?? path.join(electronDir, 'install.js');
  const required = process.env.DESK_ELECTRON_MIN_NODE ?? electronPackage.engines?.node ?? '0.0.0';
  if (!atLeast(versionOf(process.versions.node), versionOf(required))) {
    return Promise.resolve(
      `its installer needs Node.js ${versionOf(required).join('.')} or newer, this is ${process.versions.node}; run \`npm start\` once with a newer Node`,
    );
  }
  console.error(`The Electron ${electronPackage.version} binary is not downloaded yet; running Electron's installer…`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderr += chunk.toString();
    });
    child.on('error', (e) => resolve(`its installer could not run: ${e.message}`));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(undefined);
      // install.js prints the error's stack: its first line names what went wrong.
      const cause = stderr.split('\n').map((l) => l.trim()).find((l) => /^\w*Error\b/.test(l));
      if (!cause) return resolve(`its installer ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}`);
      // Node's fetch says only "fetch failed" for any DNS, connection or TLS failure.
      resolve(/fetch failed/.test(cause) ? `the download server could not be reached: ${cause}` : cause);
    });
  });
}

const run = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32', env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => resolve(code ?? 1));
  });

async function browserMode(reason) {
  console.log(`${reason}; starting browser mode instead.`);
  await import('./web.mjs');
}

if (process.env.DESK_NO_ELECTRON === '1') {
  await browserMode('DESK_NO_ELECTRON=1 is set');
} else {
  let binary = electronBinary();
  let failure;
  if (!binary) {
    failure = await runInstaller();
    binary = electronBinary();
    if (!failure && !binary) failure = 'its installer finished but left no binary';
  }
  if (binary) {
    const args = ['electron-vite', 'preview', ...(process.env.DESK_NO_BUILD === '1' ? ['--skipBuild'] : [])];
    // electron-vite runs the binary found here, not one it would look up (and download) again.
    process.exit(await run('npx', args, { ...process.env, ELECTRON_EXEC_PATH: binary }));
  } else {
    await browserMode(`Electron could not be downloaded (${failure})`);
  }
}
