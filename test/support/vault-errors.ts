import { VaultError } from '../../main/core/vault/vault-error.js';

/** The VaultError a promise rejects with (anything else is rethrown; resolving fails the test). */
export async function rejected(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

/** The VaultError `fn` throws (anything else is rethrown; returning fails the test). */
export function thrown(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}
