import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loopbackRequest } from '../support/loopback-request.js';

// `npm start` after a fresh `npm ci`: Electron's binary is fetched by its own installer on first use. These
// tests never run the real installer: a fake one stands in, and every process is preloaded with
// scripts/loopback-only.cjs, so nothing can leave the machine even if the script regressed.
const repo = path.resolve(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcessWithoutNullStreams | undefined;

beforeEach(() => {
  expect(fs.existsSync(path.join(repo, 'out/main/web.js')), 'run `npm run build` first (npm test does)').toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-start-'));
});
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Started {
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Runs `npm start` (scripts/start.mjs) on an empty profile, with Electron's dist folder pointed at `dir/dist`. */
function start(env: Record<string, string>): Started {
  let stdout = '';
  let stderr = '';
  child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${path.join(repo, 'scripts/loopback-only.cjs')}`,
      DESK_DATA_DIR: path.join(dir, 'profile'),
      DESK_WEB_PORT: '0',
      DESK_VAULT_KEY_FILE: '1',
      DESK_NO_BUILD: '1',
      DESK_NO_OPEN: '1',
      // Electron's own variable: where its binary lives. Empty here, as after `npm ci` on a fresh machine.
      ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'dist'),
      ELECTRON_EXEC_PATH: '',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  return { stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for browser mode's "running at" line and checks that the printed URL serves the app. */
async function browserModeUrl(started: Started): Promise<string> {
  const deadline = Date.now() + 20_000;
  let match: RegExpExecArray | null = null;
  while (!(match = /Integrations Desk is running at (\S+)\n/.exec(started.stdout()))) {
    if (Date.now() > deadline) throw new Error(`no URL printed:\n${started.stdout()}\n${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = match[1]!;
  expect(url).toMatch(/^http:\/\/desk-[0-9a-f]{32}\.localhost:\d+\/oauth\?token=[\w-]{43}$/);
  // The app's host is a *.localhost name (browsers resolve it to loopback; Node's resolver does not).
  const signIn = await loopbackRequest(url);
  expect(signIn.status).toBe(302);
  const cookie = signIn.headers['set-cookie']![0]!.split(';')[0]!;
  const page = await loopbackRequest(new URL('/oauth', url).href, { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(page.body).toContain('<div id="root"></div>');
  return url;
}

/** A stand-in for Electron's install.js: a Node script. */
function fakeInstaller(body: string): string {
  const file = path.join(dir, 'fake-install.cjs');
  fs.writeFileSync(file, body);
  return file;
}

/** A stand-in Electron binary that records how electron-vite started it, then exits. */
const FAKE_ELECTRON = `#!/bin/sh\necho "$PWD $@" > "${'$'}{DESK_TEST_MARKER}"\n`;

describe('npm start', () => {
  it('runs electron-vite preview on the Electron binary when it is there', async () => {
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist/electron'), FAKE_ELECTRON, { mode: 0o755 });
    const marker = path.join(dir, 'electron-ran');
    const started = start({ DESK_TEST_MARKER: marker, DESK_ELECTRON_INSTALLER: fakeInstaller('process.exit(3);') });
    expect(await started.exited).toBe(0);
    // electron-vite started the app's entry ('.') in the repository with the binary found by start.mjs.
    expect(fs.readFileSync(marker, 'utf8').trim()).toBe(`${repo} .`);
    expect(started.stdout()).not.toContain('browser mode');
    expect(started.stderr()).not.toContain('installer');
  }, 30_000);

  it('downloads a missing binary with Electron’s installer, then runs it', async () => {
    const marker = path.join(dir, 'electron-ran');
    const installer = fakeInstaller(`
      const fs = require('node:fs');
      console.log('Downloading Electron (fake)');
      fs.mkdirSync(process.env.ELECTRON_OVERRIDE_DIST_PATH, { recursive: true });
      fs.writeFileSync(process.env.ELECTRON_OVERRIDE_DIST_PATH + '/electron', ${JSON.stringify(FAKE_ELECTRON)}, { mode: 0o755 });
    `);
    const started = start({ DESK_TEST_MARKER: marker, DESK_ELECTRON_INSTALLER: installer, DESK_ELECTRON_MIN_NODE: '0.0.0' });
    expect(await started.exited).toBe(0);
    expect(started.stdout()).toContain('Downloading Electron (fake)');
    expect(fs.readFileSync(marker, 'utf8').trim()).toBe(`${repo} .`);
  }, 30_000);

  it('says in one line why when the installer fails, shows the installer’s output, and serves browser mode', async () => {
    const installer = fakeInstaller(`
      console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/dist/source/core/index.js:970:111)');
      process.exit(1);
    `);
    const started = start({ DESK_ELECTRON_INSTALLER: installer, DESK_ELECTRON_MIN_NODE: '0.0.0' });
    await browserModeUrl(started);
    expect(started.stdout().split('\n')[0]).toBe(
      'Electron could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com); starting browser mode instead.',
    );
    expect(started.stderr()).toContain('at ClientRequest.<anonymous>');
  }, 30_000);

  it('names the unreachable download server when the installer’s fetch fails', async () => {
    const installer = fakeInstaller(`console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13'); process.exit(1);`);
    const started = start({ DESK_ELECTRON_INSTALLER: installer, DESK_ELECTRON_MIN_NODE: '0.0.0' });
    await browserModeUrl(started);
    expect(started.stdout().split('\n')[0]).toBe(
      'Electron could not be downloaded (the download server could not be reached: TypeError: fetch failed); starting browser mode instead.',
    );
  }, 30_000);

  it('does not try the installer on a Node older than it needs, and says so in that one line', async () => {
    const tried = path.join(dir, 'installer-ran');
    const installer = fakeInstaller(`require('node:fs').writeFileSync(${JSON.stringify(tried)}, 'yes');`);
    const started = start({ DESK_ELECTRON_INSTALLER: installer, DESK_ELECTRON_MIN_NODE: '>= 999.1.0' });
    await browserModeUrl(started);
    expect(started.stdout().split('\n')[0]).toBe(
      `Electron could not be downloaded (its installer needs Node.js 999.1.0 or newer, this is ${process.versions.node}; run \`npm start\` once with a newer Node); starting browser mode instead.`,
    );
    expect(fs.existsSync(tried)).toBe(false);
  }, 30_000);

  it('reads the Node version the installer needs from Electron’s own package.json', async () => {
    const engines = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules/electron/package.json'), 'utf8')).engines.node as string;
    const required = /(\d+\.\d+\.\d+)/.exec(engines)![1]!;
    const [major, minor] = required.split('.').map(Number) as [number, number];
    const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number) as [number, number];
    const tooOld = nodeMajor < major || (nodeMajor === major && nodeMinor < minor);
    const installer = fakeInstaller(`console.error('Error: fake installer refused'); process.exit(1);`);
    const started = start({ DESK_ELECTRON_INSTALLER: installer });
    await browserModeUrl(started);
    expect(started.stdout().split('\n')[0]).toBe(
      tooOld
        ? `Electron could not be downloaded (its installer needs Node.js ${required} or newer, this is ${process.versions.node}; run \`npm start\` once with a newer Node); starting browser mode instead.`
        : 'Electron could not be downloaded (Error: fake installer refused); starting browser mode instead.',
    );
  }, 30_000);

  it('goes straight to browser mode with DESK_NO_ELECTRON=1', async () => {
    const started = start({ DESK_NO_ELECTRON: '1', DESK_ELECTRON_INSTALLER: fakeInstaller('process.exit(3);') });
    await browserModeUrl(started);
    expect(started.stdout().split('\n')[0]).toBe('DESK_NO_ELECTRON=1 is set; starting browser mode instead.');
  }, 30_000);
});
