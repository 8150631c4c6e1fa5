import type { ErrorCode } from '../../../preload/contract/result.js';

/**
 * An expected failure whose message is safe to show the user.
 *
 * Core throws these for rule violations (validation, not found, not configured…); the dispatcher turns
 * them into error values. The message must never contain a secret: callers build it from names and
 * codes, never from provider responses verbatim or from inputs that may be secrets.
 */
export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export const isDeskError = (e: unknown): e is DeskError => e instanceof DeskError;
