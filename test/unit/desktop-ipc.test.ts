import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../preload/contract/channels.js';
import type { FrameSpec } from '../electron-double/protocol.js';
import { freePort } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, type DesktopApp } from '../support/desktop-app.js';

/**
 * Every contract channel, as the built main process registers it, called the way the preload calls it.
 * From the app's own top frame each passes the sender check (it answers with a value or a validation
 * error, never FORBIDDEN); from any other frame each is refused before its handler runs.
 */
let app: DesktopApp;
beforeAll(async () => {
  app = launchDesktopApp({ env: { DESK_DATA_DIR: freshDir(), DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()) } });
  await app.window();
});
afterAll(async () => app.kill());

const names = Object.keys(channels).sort();
const foreign: FrameSpec[] = [
  { kind: 'sub', url: 'app://desk/oauth' },
  { kind: 'sub', url: 'https://evil.example/' },
  { kind: 'page', url: 'https://evil.example/' },
];

describe('IPC from the Electron window', () => {
  it('registers one handler per contract channel', async () => {
    expect((await app.state()).ipcHandlers.sort()).toEqual(names);
  });

  it('answers every channel from the app’s own frame', async () => {
    for (const name of names) {
      const result = (await app.invoke(name, undefined)) as { ok: boolean; code?: string };
      expect(result.ok || result.code !== 'FORBIDDEN', `${name}: ${JSON.stringify(result)}`).toBe(true);
    }
  });

  it('refuses every channel from a subframe or another page', async () => {
    for (const name of names) {
      for (const frame of foreign) {
        expect(await app.invoke(name, undefined, frame), `${name} from ${JSON.stringify(frame)}`).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      }
    }
    expect(app.reports).toEqual([]);
  });
});
