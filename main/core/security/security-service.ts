import type { RecoveryNotice, SecurityStatus, VaultStatus } from '../../../preload/contract/models.js';

/** The vault controls the admin can use from the UI; secrets themselves never pass through here. */
export interface VaultControl {
  status(): VaultStatus;
  setPassphrase(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  acceptWeakProtection(): void;
  /** Move browser mode's `c:` secrets to the desktop app's key store, when the status offers it. */
  reencrypt(): void;
}

export type SecurityService = ReturnType<typeof createSecurityService>;

/**
 * The security posture as the UI shows it: how secrets are protected, and any store that had to be
 * restored from a backup. Every change is announced so that every window updates its banner.
 */
export function createSecurityService(vault: VaultControl, recoveries: () => RecoveryNotice[], changed: (s: SecurityStatus) => void) {
  const status = (): SecurityStatus => ({ vault: vault.status(), recoveries: recoveries() });
  const after = (action: () => void): SecurityStatus => {
    action();
    const next = status();
    changed(next);
    return next;
  };
  const afterAsync = async (action: () => Promise<void>): Promise<SecurityStatus> => {
    await action();
    const next = status();
    changed(next);
    return next;
  };
  return {
    status,
    // Asynchronous: the key derivation (scrypt) runs off the main thread.
    setPassphrase: (passphrase: string) => afterAsync(() => vault.setPassphrase(passphrase)),
    unlock: (passphrase: string) => afterAsync(() => vault.unlock(passphrase)),
    acceptWeakProtection: () => after(() => vault.acceptWeakProtection()),
    reencrypt: () => after(() => vault.reencrypt()),
  };
}
