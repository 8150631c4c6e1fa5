import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { createLogger } from '../../main/core/support/logger.js';
import { createAesGcmCipher } from '../../main/core/vault/aes-gcm-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';

/**
 * Electron's safeStorage as the vault sees it, on a Linux desktop with GNOME Keyring: AES under a
 * fixed test key (the real one lives in the keyring). `failAfter` makes encryption fail after that
 * many calls, as a crash half-way through a run would stop it.
 */
export function fakeSafeStorage(options: { key?: number; failAfter?: number } = {}): SecretCipher {
  const real = createAesGcmCipher(Buffer.alloc(32, options.key ?? 0x5a), { kind: 'safe-storage', backend: 'gnome_libsecret', protection: 'os' });
  let calls = 0;
  return {
    ...real,
    encrypt(plain) {
      calls += 1;
      if (options.failAfter !== undefined && calls > options.failAfter) throw new Error('the app stopped here');
      return real.encrypt(plain);
    },
  };
}

/** A token endpoint that answers every verification `invalid_grant` (client accepted) and keeps what it was sent. */
export function tokenEndpoint(): { fetch: typeof fetch; sent: string[] } {
  const sent: string[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const auth = request.headers.get('authorization') ?? '';
    const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice('Basic '.length), 'base64').toString('utf8') : '';
    sent.push(`${decodeURIComponent(await request.text())} ${decodeURIComponent(basic)}`);
    return Response.json({ error: 'invalid_grant' }, { status: 400 });
  };
  return { fetch: fetchFn as typeof fetch, sent };
}

/**
 * The app core on one data folder, as browser mode (Node key cipher, `vault.key`) or as the desktop
 * app (a safeStorage cipher) builds it. Both share the folder, as the real app's two modes do.
 */
export async function openCore(dataDir: string, mode: 'browser' | 'electron', options: { cipher?: SecretCipher; fetch?: typeof fetch } = {}): Promise<AppCore & { logOutput(): string }> {
  let logged = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: '47999', DESK_VAULT_KEY_FILE: '1' });
  const core = await createAppCore({
    config,
    logger: createLogger({ stream, level: 'warn' }),
    mode,
    cipher: mode === 'electron' ? (options.cipher ?? fakeSafeStorage()) : undefined,
    fetch: options.fetch ?? tokenEndpoint().fetch,
  });
  return { ...core, logOutput: () => logged };
}

/** Every file under the vault folder with its bytes, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** The tags of every entry in the vault's shards (`c`, `s`, `p`), sorted. */
export function entryTagsOnDisk(vaultDir: string): string[] {
  const tags: string[] = [];
  for (const name of fs.readdirSync(vaultDir)) {
    if (!name.endsWith('.json') || name.startsWith('_')) continue;
    const doc = JSON.parse(fs.readFileSync(path.join(vaultDir, name), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(doc)) if (key !== '__internal__') tags.push(String(value).slice(0, 1));
  }
  return tags.sort();
}

/**
 * A fresh data folder for each test, and the cores a test opens on it (`start`), disposed and removed
 * after the test. Read `dataDir` / `vaultDir` inside a test: they change with each one.
 */
export function folderPerTest(prefix: string) {
  let dataDir = '';
  const cores: AppCore[] = [];
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      return dataDir;
    },
    get vaultDir() {
      return path.join(dataDir, 'vault');
    },
    /** The cores open now, oldest first. */
    get cores(): readonly AppCore[] {
      return cores;
    },
    /** Closes one core (as quitting the app does) before the test opens another on the folder. */
    async stop(core: AppCore): Promise<void> {
      cores.splice(cores.indexOf(core), 1);
      await core.dispose();
    },
    async start(mode: 'browser' | 'electron', options: Parameters<typeof openCore>[2] = {}) {
      const core = await openCore(dataDir, mode, options);
      cores.push(core);
      return core;
    },
  };
}
