import { VaultError } from '../vault/vault-error.js';
import { isDeskError } from '../support/desk-error.js';

/**
 * What the error dialog says when the app cannot start, and the exit code it then ends with.
 *
 * Only the app's own errors (vault, validation) carry a message written to be shown; any other error's
 * message may quote data (a path, a value), so it is named by its type and the log file is pointed to.
 */
export function startupFailure(error: unknown, logFile: string | undefined): { title: string; content: string; exitCode: number } {
  const known = error instanceof VaultError || isDeskError(error);
  const reason = known ? (error as Error).message : `An unexpected error (${error instanceof Error ? error.name : typeof error}) stopped the start.`;
  const log = logFile ? `\n\nDetails are in the log file:\n${logFile}` : '';
  return { title: 'Integrations Desk could not start', content: `${reason}${log}`, exitCode: 1 };
}
