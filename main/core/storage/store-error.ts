import { DeskError } from '../support/desk-error.js';

/** Why a store operation failed; finer than the contract's error code. */
export type StoreErrorReason =
  | 'STORE_INVALID_NAME'
  | 'STORE_INVALID_OPTIONS'
  | 'STORE_INVALID_DOCUMENT'
  | 'STORE_NEWER_VERSION'
  | 'STORE_IO';

/**
 * A storage failure whose message is safe to show: it names the store and the rule, never file content.
 *
 * It is a DeskError (code `INTERNAL`, or `VALIDATION` for a document the schema rejects), so the IPC
 * dispatcher turns it into an error value like any other; `reason` says precisely what went wrong.
 */
export class StoreError extends DeskError {
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
  ) {
    super(reason === 'STORE_INVALID_DOCUMENT' ? 'VALIDATION' : 'INTERNAL', message);
    this.name = 'StoreError';
  }
}
