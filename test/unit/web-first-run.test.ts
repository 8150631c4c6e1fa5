import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openInBrowser } from '../../main/web/open-browser.js';

/** Issue 14 item 10 (browser mode's first run): the port is kept between launches, and tests never open a browser. */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the built browser mode until it prints its link; returns the link's port. */
async function launchOnce(dataDir: string, env: Record<string, string> = {}): Promise<number> {
  const { DESK_WEB_PORT: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['out/main/web.js'], {
    env: { ...inherited, DESK_DATA_DIR: dataDir, DESK_VAULT_KEY_FILE: '1', DESK_NO_OPEN: '1', DESK_CALLBACK_PORT: '0', DESK_API_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Integrations Desk is running at (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    return Number(new URL(url).port);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

describe('browser mode, first run', () => {
  it('keeps the port it had last time when it is free, and takes another when it is not', async () => {
    expect(fs.existsSync('out/main/web.js'), 'run `npm run build` first (npm test does)').toBe(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-first-run-'));
    dirs.push(dataDir);
    const first = await launchOnce(dataDir);
    expect(await launchOnce(dataDir)).toBe(first);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(first, '127.0.0.1', resolve));
    try {
      expect(await launchOnce(dataDir)).not.toBe(first);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('opens no browser when DESK_NO_OPEN=1 (every test sets it)', () => {
    expect(process.env.DESK_NO_OPEN).toBe('1');
    expect(openInBrowser('http://desk-x.localhost:1/', { DESK_NO_OPEN: '1' })).toBe(false);
  });
});
