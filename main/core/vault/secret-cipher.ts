/** How well a cipher's key is protected; `weak` means anyone with the files can decrypt. */
export type CipherProtection = 'os' | 'key-file' | 'weak';

/**
 * Which key a cipher encrypts with, recorded beside every entry it writes.
 *
 * `safe-storage`: Electron's safeStorage (the desktop app). `app-key`: the Node key cipher's random key,
 * in the OS keyring or `vault.key` (browser mode; the desktop app reads it too). `passphrase`: a key
 * derived from the vault passphrase (both modes). One data folder serves both modes, so the vault must
 * know which key each entry needs rather than guess.
 */
export type CipherKind = 'safe-storage' | 'app-key' | 'passphrase';

/**
 * The port the vault encrypts through; it never sees a key.
 *
 * Electron passes `safeStorage` (main/adapters/safe-storage-cipher.ts); browser mode and tests pass the
 * Node key cipher; a vault passphrase gives the passphrase cipher. Synchronous, like `safeStorage`.
 * Implementations throw a VaultError (`VAULT_DECRYPT_FAILED`) whose message holds no secret and no
 * ciphertext.
 */
export interface SecretCipher {
  readonly kind: CipherKind;
  /** What holds the key, e.g. `keychain`, `gnome_libsecret`, `basic_text`, `os-keyring`, `key-file`, `passphrase`. */
  readonly backend: string;
  readonly protection: CipherProtection;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}
