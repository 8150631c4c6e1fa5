import type { VaultStatus } from '../../../preload/contract/models.js';
import type { CipherKind, SecretCipher } from './secret-cipher.js';

export type { VaultStatus };

const labels: Record<string, string> = {
  'key-file': 'the key file (vault.key)',
  basic_text: 'a key built into the app',
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
  /** The kind of key that saved secrets need and that is gone or different, with its key store. */
  keyMissing?: { kind: CipherKind; backend: string };
  reencrypt?: VaultStatus['reencrypt'];
  desktopOnly?: VaultStatus['desktopOnly'];
}): VaultStatus {
  const extras = { ...(input.reencrypt && { reencrypt: input.reencrypt }), ...(input.desktopOnly && { desktopOnly: input.desktopOnly }) };
  return { ...describeProtection(input), ...extras };
}

function describeProtection(input: Parameters<typeof describeVault>[0]): VaultStatus {
  const { cipher, passphraseSet, unlocked, weakAccepted, keyMissing } = input;
  if (keyMissing) {
    return {
      backend: passphraseSet ? 'passphrase' : cipher.backend,
      protection: passphraseSet ? 'passphrase' : cipher.protection,
      state: 'key-missing',
      weakAccepted,
      message: keyMissingMessage(keyMissing),
    };
  }
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
    message: `Secrets are encrypted with a key held by ${keyStoreLabel(cipher.backend)}.`,
  };
}

/** A key store's name for sentences: `the macOS Keychain`, `the key file (vault.key)`. */
export function keyStoreLabel(backend: string | undefined): string {
  if (backend === undefined) return "the desktop app's key store";
  return labels[backend] ?? `the operating system (${backend})`;
}

/**
 * What the admin reads when the key saved secrets need is gone or different, and can do about it.
 *
 * Restoring is the only remedy offered: a stand-in key would make every saved secret unreadable.
 */
export function keyMissingMessage(missing: { kind: CipherKind; backend: string }): string {
  if (missing.kind === 'safe-storage') {
    return `The key that encrypted the saved secrets is missing or different: ${keyStoreLabel(missing.backend)} no longer holds it (was the keyring reset, or is this another user account?). Restore it and restart; nothing new is saved until then.`;
  }
  return 'The key that encrypted the saved secrets is missing or different (was vault.key deleted or replaced?). Restore the original vault.key (or keyring entry) and restart; nothing new is saved until then.';
}

/** Browser mode, facing secrets only the desktop app's key store can open: what to do. */
export function desktopOnlyMessage(keyStore: string, passphraseSet: boolean): string {
  return passphraseSet
    ? `Some secrets were saved by the desktop app under ${keyStore}, which browser mode cannot use. Open the desktop app and unlock the vault there once: it re-encrypts them with your passphrase, which works in both modes.`
    : `Some secrets were saved by the desktop app under ${keyStore}; open them in the desktop app, or set a vault passphrase there: a passphrase works in both modes.`;
}
