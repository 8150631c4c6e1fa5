/** Machine-readable error codes that travel to the renderer with a safe, human message. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_CONFIGURED'
  | 'VAULT_WEAK_PROTECTION'
  | 'VAULT_LOCKED'
  | 'PROVIDER_ERROR'
  | 'UNREACHABLE'
  | 'PORT_IN_USE'
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'INTERNAL';

export interface Ok<T> {
  ok: true;
  value: T;
}

export interface Err {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Per-field messages for form validation, keyed by the input's field name. */
  fields?: Record<string, string>;
}

/**
 * The value every contract call resolves to.
 *
 * Errors travel as values: an exception thrown through `ipcMain.handle` reaches the renderer as a bare,
 * prefixed message, and a failed fetch in browser mode would look different again.
 */
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: ErrorCode, message: string, fields?: Record<string, string>): Err =>
  fields ? { ok: false, code, message, fields } : { ok: false, code, message };
