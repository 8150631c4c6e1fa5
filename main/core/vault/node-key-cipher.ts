import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { openJsonStore } from '../storage/json-store.js';
import { PRIVATE_FILE_MODE, ensurePrivateDir, fsyncDir, readIfExists, unlinkIfExists } from '../storage/private-fs.js';
import { createRecoveryLog, type RecoveryLog } from '../storage/recovery-log.js';
import { systemClock, type Clock } from '../support/clock.js';
import { AES_KEY_BYTES, createAesGcmCipher } from './aes-gcm-cipher.js';
import { createOsKeyring, type KeyringPort } from './os-keyring.js';
import type { CipherProtection, SecretCipher } from './secret-cipher.js';
import { VaultError } from './vault-error.js';

export const KEYRING_SERVICE = 'Integrations Desk';
export const KEY_FILE_NAME = 'vault.key';
const MARKER_STORE = 'vault-key';
const DEFAULT_KEYRING_TIMEOUT_MS = 2_500;

export interface NodeKeyCipherOptions {
  /** The app's data dir: the key file and the key's marker live there, and the keyring account derives from it. */
  dataDir: string;
  /** Skip the keyring and use `vault.key` (tests, CI, or an explicit choice). */
  forceKeyFile?: boolean;
  /** The keyring; the OS one by default. Tests pass a fake. */
  keyring?: KeyringPort;
  /** How long one keyring call may take before the keyring counts as unreachable. */
  keyringTimeoutMs?: number;
  recoveries?: RecoveryLog;
  clock?: Clock;
  /**
   * Open only a key that already exists (`vault.key`, or the keyring entry its marker records) and
   * resolve to undefined when there is none; never create one. The desktop app uses this to read the
   * `c:` entries browser mode wrote, without leaving a key behind in a profile that had none.
   */
  existingOnly?: boolean;
  /**
   * The vault already holds entries under this key (`c:`). A missing key is then never replaced by a
   * new one, which would orphan every one of them: the cipher returned throws on use, and the vault,
   * whose key check fails, reports `key-missing` and saves nothing until the key is restored.
   */
  vaultHasData?: boolean;
}

const markerSchema = z.object({
  keyring: z.object({ service: z.string(), account: z.string(), createdAt: z.string() }).optional(),
});

/**
 * The keyring account for a data dir: two profiles (two data dirs) never share a vault key.
 *
 * A hash rather than the path itself keeps the user's folder names out of the keyring's UI.
 */
export function keyringAccountFor(dataDir: string): string {
  let resolved = path.resolve(dataDir);
  try {
    resolved = fs.realpathSync(resolved);
  } catch {
    // Not created yet: the resolved path is the best name we have.
  }
  return `vault-key-${createHash('sha256').update(resolved).digest('hex').slice(0, 32)}`;
}

/**
 * Create the AES-256-GCM cipher of browser mode and tests, its key in the OS keyring or in `vault.key`.
 *
 * The key is a random 32 bytes. It goes to the OS keyring when one answers in time (protection `os`),
 * otherwise to `vault.key` (0600) in the data dir (protection `key-file`, reported as such, never
 * passed off as OS protection). Every keyring call is raced against a timeout: a Secret Service that
 * hangs (a locked collection waiting on a prompt, a stuck D-Bus) must not hang the app's start.
 *
 * The choice is sticky, so that a key is never silently replaced: once `vault.key` exists it is used;
 * once a key was stored in the keyring (recorded in `vault-key.json`, which holds no secret), an
 * unreachable keyring or a missing key is an error (`VAULT_KEY_UNAVAILABLE`) rather than a new key
 * that would orphan every stored secret. With `vaultHasData`, a deleted `vault.key` is not replaced
 * either (the security finding this option closes: the app used to report a ready vault whose every
 * secret was unreadable).
 */
export async function createNodeKeyCipher(options: NodeKeyCipherOptions & { existingOnly: true }): Promise<SecretCipher | undefined>;
export async function createNodeKeyCipher(options: NodeKeyCipherOptions & { existingOnly?: false }): Promise<SecretCipher>;
export async function createNodeKeyCipher(options: NodeKeyCipherOptions): Promise<SecretCipher | undefined> {
  const { dataDir } = options;
  ensurePrivateDir(dataDir);
  const keyFile = path.join(dataDir, KEY_FILE_NAME);
  const fromFile = () => createAesGcmCipher(readOrCreateKeyFile(keyFile), { kind: 'app-key', backend: 'key-file', protection: 'key-file' });
  /** Where a new key would be created: refused when entries already depend on the old one. */
  const newKeyFile = (): SecretCipher | undefined => {
    if (options.existingOnly) return undefined;
    return options.vaultHasData ? missingKeyCipher('key-file', 'key-file') : fromFile();
  };
  if (fs.existsSync(keyFile)) return fromFile();
  if (options.forceKeyFile) return newKeyFile();

  const marker = openJsonStore({
    dir: dataDir,
    name: MARKER_STORE,
    schema: markerSchema,
    defaults: {},
    version: 1,
    recoveries: options.recoveries ?? createRecoveryLog(),
    clock: options.clock,
  });
  const recorded = marker.get().keyring;
  if (!recorded && options.existingOnly) return undefined;
  const service = recorded?.service ?? KEYRING_SERVICE;
  const account = recorded?.account ?? keyringAccountFor(dataDir);
  const keyring = options.keyring ?? createOsKeyring();
  const timeoutMs = options.keyringTimeoutMs ?? DEFAULT_KEYRING_TIMEOUT_MS;
  const fromKeyring = (key: Buffer) => createAesGcmCipher(key, { kind: 'app-key', backend: 'os-keyring', protection: 'os' });

  let stored: string | null;
  try {
    stored = await withTimeout(timeoutMs, (signal) => keyring.getPassword(service, account, signal));
  } catch {
    if (recorded) {
      throw new VaultError(
        'VAULT_KEY_UNAVAILABLE',
        'The system keyring that holds the vault key cannot be reached. Unlock or start it (GNOME Keyring, KWallet, Keychain…) and restart the app.',
      );
    }
    return newKeyFile();
  }

  if (stored !== null) {
    const key = decodeKey(stored);
    if (!key) throw new VaultError('VAULT_KEY_UNAVAILABLE', 'The vault key in the system keyring is damaged.');
    return fromKeyring(key);
  }
  if (recorded) {
    if (options.vaultHasData) return missingKeyCipher('os-keyring', 'os');
    throw new VaultError(
      'VAULT_KEY_UNAVAILABLE',
      `The vault key is missing from the system keyring, so saved secrets cannot be decrypted. To start over with an empty vault, delete ${MARKER_STORE}.json and the vault folder in the data folder.`,
    );
  }
  // No key anywhere: a new one, unless entries already need the old key (it was in `vault.key`,
  // since a keyring key is always recorded in the marker).
  if (options.existingOnly) return undefined;
  if (options.vaultHasData) return missingKeyCipher('key-file', 'key-file');

  const key = randomBytes(AES_KEY_BYTES);
  const encoded = key.toString('base64');
  try {
    await withTimeout(timeoutMs, (signal) => keyring.setPassword(service, account, encoded, signal));
    const readBack = await withTimeout(timeoutMs, (signal) => keyring.getPassword(service, account, signal));
    if (readBack !== encoded) throw new Error('read-back mismatch');
  } catch {
    // Stored or not, the key file now exists and wins at every later start, so a late keyring write
    // can never make two keys compete.
    return fromFile();
  }
  marker.set({ keyring: { service, account, createdAt: new Date((options.clock ?? systemClock).now()).toISOString() } });
  return fromKeyring(key);
}

/**
 * The cipher of a key that is gone: every use throws, so nothing is encrypted under a stand-in key.
 *
 * The vault sees its key check fail and reports `key-missing`; restoring the key and restarting brings
 * every secret back, because nothing was written meanwhile.
 */
function missingKeyCipher(backend: string, protection: CipherProtection): SecretCipher {
  const unavailable = (): never => {
    throw new VaultError('VAULT_KEY_UNAVAILABLE', `The vault key is missing (${backend === 'key-file' ? KEY_FILE_NAME : 'system keyring'}).`);
  };
  return { kind: 'app-key', backend, protection, encrypt: unavailable, decrypt: unavailable };
}

/** Race a keyring call against a timer, aborting it (where the binding allows) when the timer wins. */
async function withTimeout<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('keyring timeout'));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function decodeKey(text: string): Buffer | undefined {
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === AES_KEY_BYTES ? key : undefined;
}

/**
 * Read `vault.key`, creating it (0600) with a fresh random key if absent.
 *
 * Created complete or not at all: the key is written and fsynced under a temporary name, then linked
 * into place, which fails if another process got there first (its key is then used).
 */
function readOrCreateKeyFile(file: string): Buffer {
  const existing = readIfExists(file);
  if (existing !== undefined) {
    const key = decodeKey(existing);
    if (!key) throw new VaultError('VAULT_KEY_UNAVAILABLE', `The vault key file (${KEY_FILE_NAME}) is damaged.`);
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
    return key;
  }
  removeAbandonedKeyTemps(file);
  const key = randomBytes(AES_KEY_BYTES);
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = fs.openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    fs.writeSync(fd, `${key.toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      unlinkIfExists(temp);
      return readOrCreateKeyFile(file);
    }
    // File systems without hard links (FAT, some network shares): a plain rename.
    fs.renameSync(temp, file);
    fsyncDir(path.dirname(file));
    return key;
  }
  unlinkIfExists(temp);
  fsyncDir(path.dirname(file));
  return key;
}

/** A start killed between writing and linking leaves key material under a temp name: never used, removed. */
function removeAbandonedKeyTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix)) unlinkIfExists(path.join(dir, name));
  }
}
