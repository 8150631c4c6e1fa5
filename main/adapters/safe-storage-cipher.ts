import { safeStorage } from 'electron';
import { chooseDesktopCipher, type DesktopCipherChoice } from '../core/vault/desktop-cipher-choice.js';
import type { LinuxSafeStorageBackend } from '../core/vault/safe-storage-backend.js';
import type { SecretCipher } from '../core/vault/secret-cipher.js';
import { VaultError } from '../core/vault/vault-error.js';

/**
 * Electron's `safeStorage` as the vault's cipher, when it has a real key store; call after `ready`.
 *
 * Returns the choice and, for `safe-storage`, the cipher; for `app-key` the core builds the same key
 * cipher as browser mode (see chooseDesktopCipher for why `basic_text` is never used). Uses the
 * synchronous calls (deprecated in Electron 45 in favour of the async ones, still supported): the
 * vault port is synchronous. Errors carry no ciphertext.
 */
export function desktopCipher(platform: NodeJS.Platform = process.platform): { choice: DesktopCipherChoice; cipher?: SecretCipher } {
  const choice = chooseDesktopCipher(platform, {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => safeStorage.getSelectedStorageBackend() as LinuxSafeStorageBackend,
  });
  if (choice.kind !== 'safe-storage') return { choice };
  const backend = choice.backend;
  const cipher: SecretCipher = {
    kind: 'safe-storage',
    backend,
    protection: 'os',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt(data) {
      try {
        return safeStorage.decryptString(data);
      } catch {
        throw new VaultError(
          'VAULT_DECRYPT_FAILED',
          `The secret could not be decrypted with the ${backend} key: it was changed on disk, or saved under another key store or user account.`,
        );
      }
    },
  };
  return { choice, cipher };
}
