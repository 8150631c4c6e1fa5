import type { CipherProtection } from './secret-cipher.js';

/** What Electron's `safeStorage.getSelectedStorageBackend()` can answer on Linux. */
export type LinuxSafeStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/**
 * Name and rate the key store behind Electron's `safeStorage`, or undefined if it is not known yet.
 *
 * The Linux rule that peers miss: `basic_text` means Chromium found no keyring and encrypts with a
 * password hard-coded in its source, i.e. obfuscation, so it is rated `weak` and the vault will refuse
 * secrets until the admin decides. `unknown` is what Electron answers before the app is ready. macOS
 * (Keychain) and Windows (DPAPI) always have an OS-held key. Kept here, in core, so the rule is tested.
 */
export function classifySafeStorage(
  platform: NodeJS.Platform,
  linuxBackend: () => LinuxSafeStorageBackend,
): { backend: string; protection: CipherProtection } | undefined {
  if (platform === 'darwin') return { backend: 'keychain', protection: 'os' };
  if (platform === 'win32') return { backend: 'dpapi', protection: 'os' };
  const backend = linuxBackend();
  switch (backend) {
    case 'basic_text':
      return { backend, protection: 'weak' };
    case 'gnome_libsecret':
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return { backend, protection: 'os' };
    default:
      return undefined;
  }
}
