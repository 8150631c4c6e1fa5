/** The system credential store, as the Node key cipher needs it. */
export interface KeyringPort {
  /** The stored password, or null if there is none; rejects when the keyring cannot be reached. */
  getPassword(service: string, account: string, signal?: AbortSignal): Promise<string | null>;
  setPassword(service: string, account: string, password: string, signal?: AbortSignal): Promise<void>;
}

/**
 * The OS keyring through `@napi-rs/keyring` (Keychain, Windows Credential Manager, Secret Service).
 *
 * On Linux the entry is pinned to the Secret Service: by default the library silently falls back to
 * the kernel keyring, which "will not persist across reboots" (its README), so the vault key, and every
 * secret with it, would be lost at the next reboot. Pinned, a machine without a Secret Service gets an
 * error, and the cipher falls back to a key file it can report honestly. The native module is loaded
 * on first use, so merely importing this file (or using the key-file path) loads nothing.
 */
export function createOsKeyring(platform: NodeJS.Platform = process.platform): KeyringPort {
  const options = platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  const entry = async (service: string, account: string) => {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    return new AsyncEntry(service, account, options);
  };
  return {
    getPassword: async (service, account, signal) => (await entry(service, account)).getPassword(signal),
    setPassword: async (service, account, password, signal) => (await entry(service, account)).setPassword(password, signal),
  };
}
