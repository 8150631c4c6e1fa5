#!/usr/bin/env node
// `npm start`: builds and runs the Electron app, or browser mode where the Electron binary is missing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package's entry resolves the downloaded binary's path, and throws when it is missing.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : undefined;
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
  process.exit(await run('npm', ['run', '--silent', 'web']));
}
