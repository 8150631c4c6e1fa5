import { describe, expect, it } from 'vitest';
import { chooseDesktopCipher } from '../../main/core/vault/desktop-cipher-choice.js';
import type { LinuxSafeStorageBackend } from '../../main/core/vault/safe-storage-backend.js';

const probe = (available: boolean, backend: LinuxSafeStorageBackend) => ({ isEncryptionAvailable: () => available, backend: () => backend });

describe('which cipher the desktop app writes with', () => {
  it('uses safeStorage with a real key store', () => {
    expect(chooseDesktopCipher('linux', probe(true, 'gnome_libsecret'))).toEqual({ kind: 'safe-storage', backend: 'gnome_libsecret' });
    expect(chooseDesktopCipher('linux', probe(true, 'kwallet6'))).toEqual({ kind: 'safe-storage', backend: 'kwallet6' });
    expect(chooseDesktopCipher('darwin', probe(true, 'unknown'))).toEqual({ kind: 'safe-storage', backend: 'keychain' });
    expect(chooseDesktopCipher('win32', probe(true, 'unknown'))).toEqual({ kind: 'safe-storage', backend: 'dpapi' });
  });

  it('falls back to browser mode’s app key without a key store, never to basic_text and never to a failed start', () => {
    // The defect: basic_text or no keyring made the start throw inside a promise nobody awaited.
    for (const [available, backend] of [[false, 'basic_text'], [true, 'basic_text'], [false, 'unknown'], [false, 'gnome_libsecret']] as const) {
      expect(chooseDesktopCipher('linux', probe(available, backend))).toMatchObject({ kind: 'app-key' });
    }
    expect(chooseDesktopCipher('darwin', probe(false, 'unknown'))).toMatchObject({ kind: 'app-key' });
  });
});
