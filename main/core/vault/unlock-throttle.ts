import type { Clock } from '../support/clock.js';
import { VaultError } from './vault-error.js';

/** Wrong passphrases allowed before attempts have to wait; a typo or two costs nothing. */
export const FREE_ATTEMPTS = 3;
export const MAX_WAIT_MS = 5 * 60_000;

export interface UnlockThrottle {
  /** Throws VAULT_UNLOCK_THROTTLED when the next attempt is not allowed yet. */
  check(): void;
  failed(): void;
  succeeded(): void;
}

/**
 * Back-off for unlock attempts: after `FREE_ATTEMPTS` wrong passphrases, each further attempt must wait
 * 1 s, 2 s, 4 s… (at most 5 minutes) after the previous failure.
 *
 * Defends the passphrase against guessing through the app's own channels (a page that got hold of a
 * browser-mode session, a script on the IPC or HTTP surface): scrypt makes one guess cost a third of a
 * second, this makes a million cost years. It does not defend against someone who copies the vault
 * folder and runs scrypt themselves; the passphrase's length does.
 */
export function createUnlockThrottle(clock: Clock): UnlockThrottle {
  let failures = 0;
  let lastFailureAt = 0;
  const waitMs = (): number => (failures < FREE_ATTEMPTS ? 0 : Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_MS));
  return {
    check() {
      const remaining = lastFailureAt + waitMs() - clock.now();
      if (remaining > 0) {
        const seconds = Math.ceil(remaining / 1000);
        const message = `Too many wrong passphrases: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
        throw new VaultError('VAULT_UNLOCK_THROTTLED', message, { passphrase: message });
      }
    },
    failed() {
      failures += 1;
      lastFailureAt = clock.now();
    },
    succeeded() {
      failures = 0;
    },
  };
}
