import type { ErrorCode } from '../../../preload/contract/result.js';
import { DeskError } from '../support/desk-error.js';

/** Why the vault refused or failed; finer than the contract's error code. */
export type VaultErrorReason =
  | 'VAULT_WEAK_PROTECTION'
  | 'VAULT_LOCKED'
  | 'VAULT_WRONG_PASSPHRASE'
  | 'VAULT_UNLOCK_THROTTLED'
  | 'VAULT_PASSPHRASE_INVALID'
  | 'VAULT_PASSPHRASE_ALREADY_SET'
  | 'VAULT_NO_PASSPHRASE'
  | 'VAULT_INVALID_NAME'
  | 'VAULT_INVALID_INPUT'
  | 'VAULT_DECRYPT_FAILED'
  | 'VAULT_KEY_UNAVAILABLE'
  | 'VAULT_REENCRYPT_UNAVAILABLE';

const codes: Record<VaultErrorReason, ErrorCode> = {
  VAULT_WEAK_PROTECTION: 'VAULT_WEAK_PROTECTION',
  VAULT_LOCKED: 'VAULT_LOCKED',
  VAULT_WRONG_PASSPHRASE: 'VALIDATION',
  VAULT_UNLOCK_THROTTLED: 'VALIDATION',
  VAULT_PASSPHRASE_INVALID: 'VALIDATION',
  VAULT_PASSPHRASE_ALREADY_SET: 'CONFLICT',
  VAULT_NO_PASSPHRASE: 'CONFLICT',
  VAULT_INVALID_NAME: 'INTERNAL',
  VAULT_INVALID_INPUT: 'INTERNAL',
  VAULT_DECRYPT_FAILED: 'INTERNAL',
  VAULT_KEY_UNAVAILABLE: 'INTERNAL',
  VAULT_REENCRYPT_UNAVAILABLE: 'CONFLICT',
};

/**
 * A vault refusal or failure, safe to show: messages name namespaces, keys and rules, never a secret,
 * a passphrase or ciphertext.
 *
 * A DeskError, so the dispatcher returns it as an error value; `code` is the contract's code
 * (`VAULT_WEAK_PROTECTION` and `VAULT_LOCKED` are the same in both), `reason` the precise one.
 */
export class VaultError extends DeskError {
  constructor(
    readonly reason: VaultErrorReason,
    message: string,
    fields?: Record<string, string>,
  ) {
    super(codes[reason], message, fields);
    this.name = 'VaultError';
  }
}

/** Whether `error` is a VaultError, optionally with the given reason. */
export function isVaultError(error: unknown, reason?: VaultErrorReason): error is VaultError {
  return error instanceof VaultError && (reason === undefined || error.reason === reason);
}
