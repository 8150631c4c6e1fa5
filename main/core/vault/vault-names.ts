import { isValidSegment } from '../storage/shard-name.js';
import { VaultError } from './vault-error.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** The rule for keys inside a namespace, as the shard schema checks it too. */
export const vaultKeyPattern = KEY;

/**
 * Refuse a namespace that is not a plain file-name segment.
 *
 * A namespace becomes `vault/<namespace>.json`: separators, dots and absolute paths would let a caller
 * write outside the vault. Namespaces start with a letter or digit, so the vault's own `_meta` can
 * never be one. The message does not echo the value: a swapped argument could make it a secret.
 */
export function assertNamespace(namespace: string): void {
  if (!isValidSegment(namespace) || !/^[A-Za-z0-9]/.test(namespace)) {
    throw new VaultError(
      'VAULT_INVALID_NAME',
      'A vault namespace is 1 to 100 letters, digits, "_" or "-", starting with a letter or digit.',
    );
  }
}

/** Refuse a key that is not 1 to 200 letters, digits, `.`, `_`, `:` or `-` (starting with a letter or digit). */
export function assertKey(key: string): void {
  if (!KEY.test(key)) {
    throw new VaultError(
      'VAULT_INVALID_NAME',
      'A vault key is 1 to 200 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.',
    );
  }
}
