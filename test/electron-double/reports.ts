import type { Report } from './protocol.js';

/** Tells the test something it did not ask for (an unhandled rejection, an uncaught exception). */
export function report(message: Report): void {
  process.send?.(message);
}

/** The process ends as Electron's does after `quit` or `app.exit(code)`: at once, with that code. */
export function recordExit(code: number): void {
  process.exit(code);
}

/**
 * Electron's main process shows "A JavaScript error occurred in the main process" for an uncaught
 * exception and keeps running; an unhandled rejection is printed and ignored. Both are defects of the
 * app, so the double reports them to the test, which fails on any.
 */
process.on('unhandledRejection', (reason) => {
  report({ report: 'unhandledRejection', message: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) });
});
process.on('uncaughtException', (error) => {
  report({ report: 'uncaughtException', message: `${error.name}: ${error.message}` });
});
