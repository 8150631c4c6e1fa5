import { classifySafeStorage, type LinuxSafeStorageBackend } from './safe-storage-backend.js';

/** What the Electron app reads from `safeStorage` once it is ready. */
export interface SafeStorageProbe {
  isEncryptionAvailable(): boolean;
  /** Linux only: the key store Chromium selected. */
  backend(): LinuxSafeStorageBackend;
}

export type DesktopCipherChoice =
  | { kind: 'safe-storage'; backend: string }
  /** The same cipher as browser mode: a random key in the OS keyring (libsecret) or in `vault.key`. */
  | { kind: 'app-key'; reason: string };

/**
 * Which cipher the Electron app's vault writes with.
 *
 * `safeStorage` when it has a real key store (Keychain, DPAPI, libsecret, KWallet). Otherwise (Linux
 * without a secret store: the `basic_text` backend on i3, sway, WSL or an unknown desktop, KWallet off,
 * a dismissed unlock prompt) the app does what browser mode does on the same machine: a random key in
 * the OS keyring if one answers, else in a 0600 `vault.key`, reported as such in the security banner,
 * which offers a passphrase. Never Chromium's `basic_text` fallback: its key is hard-coded in
 * Chromium's source, so it protects nothing; and never a start-up failure. The two modes then share
 * one vault (see vault.ts for reading entries written by either).
 */
export function chooseDesktopCipher(platform: NodeJS.Platform, probe: SafeStorageProbe): DesktopCipherChoice {
  const identity = classifySafeStorage(platform, () => probe.backend());
  if (!identity) return { kind: 'app-key', reason: 'safeStorage reports no key store' };
  if (identity.protection === 'weak') return { kind: 'app-key', reason: `safeStorage only has the ${identity.backend} backend (a built-in key)` };
  if (!probe.isEncryptionAvailable()) return { kind: 'app-key', reason: `safeStorage's ${identity.backend} key store is not available` };
  return { kind: 'safe-storage', backend: identity.backend };
}
