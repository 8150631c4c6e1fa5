import type { VaultStatus } from '../../../preload/contract/models.js';
import type { SecretCipher } from './secret-cipher.js';

export type { VaultStatus };

const labels: Record<string, string> = {
  keychain: 'the macOS Keychain',
  dpapi: 'Windows (DPAPI, tied to your Windows account)',
  gnome_libsecret: 'the Secret Service keyring (GNOME Keyring or compatible)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
  'os-keyring': "the operating system's keyring",
};

/**
 * Say, in one sentence or two, what protects the secrets and what the admin should do about it.
 *
 * The UI shows this verbatim in the security banner, so weak states name the remedy, not only the
 * problem.
 */
export function describeVault(input: {
  cipher: SecretCipher;
  passphraseSet: boolean;
  unlocked: boolean;
  weakAccepted: boolean;
}): VaultStatus {
  const { cipher, passphraseSet, unlocked, weakAccepted } = input;
  if (passphraseSet) {
    return unlocked
      ? {
          backend: 'passphrase',
          protection: 'passphrase',
          state: 'ready',
          weakAccepted,
          message: 'Secrets are encrypted with a key derived from your vault passphrase; you enter it each time the app starts.',
        }
      : {
          backend: 'passphrase',
          protection: 'passphrase',
          state: 'locked',
          weakAccepted,
          message: 'The vault is locked. Enter the vault passphrase to use saved secrets.',
        };
  }
  if (cipher.protection === 'weak') {
    return weakAccepted
      ? {
          backend: cipher.backend,
          protection: 'weak',
          state: 'ready',
          weakAccepted,
          message: `Secrets are only obfuscated: no system keyring was found (backend "${cipher.backend}" uses a key built into the app), and you accepted this weaker protection. Set a vault passphrase, or run the app in a desktop session with GNOME Keyring or KWallet, to protect them properly.`,
        }
      : {
          backend: cipher.backend,
          protection: 'weak',
          state: 'needs-decision',
          weakAccepted,
          message: `No system keyring was found (backend "${cipher.backend}" uses a key built into the app), so saved secrets would only be obfuscated. Set a vault passphrase (recommended), or accept the weaker protection, before saving secrets.`,
        };
  }
  if (cipher.protection === 'key-file') {
    return {
      backend: cipher.backend,
      protection: 'key-file',
      state: 'ready',
      weakAccepted,
      message: 'Secrets are encrypted with a key kept in a file (vault.key) in the data folder, because no system keyring was available: anyone who can read that folder can decrypt them. Set a vault passphrase for stronger protection.',
    };
  }
  return {
    backend: cipher.backend,
    protection: 'os',
    state: 'ready',
    weakAccepted,
    message: `Secrets are encrypted with a key held by ${labels[cipher.backend] ?? `the operating system (${cipher.backend})`}.`,
  };
}
