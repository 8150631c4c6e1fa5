import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

export interface DeskApp {
  /**
   * The launch URL printed by browser mode: `http://desk-….localhost:<port>/oauth?token=…`. Its token
   * signs in one browser context once; opening it again in that context is fine (it holds the cookie).
   */
  url: string;
  /** `http://desk-….localhost:<port>`: Chromium resolves it to loopback; Node does not (use `call()`). */
  origin: string;
  /** The printed link's token, which scripts send as `X-Desk-Token` (see `call()`). */
  token: string;
  dataDir: string;
  callbackPort: number;
  /** Everything the server wrote to stderr/stdout, for leak scans. */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, for the fixed ports (callback, local API) of one test's app. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built browser mode (`out/main/web.js`) on a fresh, empty, temporary profile and waits for
 * its "running at" line, as a user would run `npm run web`.
 */
export async function launchDesk(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<DeskApp> {
  // A given data dir belongs to the caller (e.g. to restart the app on the same profile): kept on stop.
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  const callbackPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['out/main/web.js'], {
    env: {
      ...process.env,
      DESK_DATA_DIR: dataDir,
      DESK_WEB_PORT: '0',
      DESK_CALLBACK_PORT: String(callbackPort),
      DESK_API_PORT: String(await freePort()),
      DESK_VAULT_KEY_FILE: '1',
      // No test ever opens the system browser.
      DESK_NO_OPEN: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Integrations Desk is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    callbackPort,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every test gets its own app on an empty profile, and a page signed in to it. */
export const test = base.extend<{ desk: DeskApp }>({
  desk: async ({}, use) => {
    const desk = await launchDesk();
    await use(desk);
    await desk.stop();
  },
});

export { expect } from '@playwright/test';
