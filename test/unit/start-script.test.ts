import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start without the Electron binary', () => {
  it('says so in one line and serves browser mode on 127.0.0.1', async () => {
    expect(fs.existsSync('out/main/web.js'), 'run `npm run build` first (npm test does)').toBe(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        DESK_DATA_DIR: dataDir,
        DESK_WEB_PORT: '0',
        DESK_VAULT_KEY_FILE: '1',
        DESK_NO_BUILD: '1',
        // Point Electron's lookup at an empty folder, as on a machine where its download was skipped.
        ELECTRON_OVERRIDE_DIST_PATH: path.join(dataDir, 'no-electron-here'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /Integrations Desk is running at (\S+)\n/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toBe('Electron is not available on this machine (its binary was not downloaded); starting browser mode instead.');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\?token=[\w-]{43}$/);
      const signIn = await fetch(url, { redirect: 'manual' });
      expect(signIn.status).toBe(302);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(new URL('/oauth', url), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
