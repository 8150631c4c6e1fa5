import { describe, expect, it } from 'vitest';
import { createQuitGuard } from '../../main/core/desktop/quit-guard.js';
import { startupFailure } from '../../main/core/desktop/startup-failure.js';
import { VaultError } from '../../main/core/vault/vault-error.js';

function harness(dispose: () => Promise<void>) {
  const log: string[] = [];
  let timer: (() => void) | undefined;
  const guard = createQuitGuard({
    dispose,
    quit: () => log.push('quit'),
    warn: (m) => log.push(`warn: ${m}`),
    deadlineMs: 1000,
    schedule: (fn) => {
      timer = fn;
      return () => (timer = undefined);
    },
  });
  let prevented = 0;
  const willQuit = () => guard.willQuit(() => (prevented += 1));
  return { log, guard, willQuit, prevented: () => prevented, fireTimer: () => timer?.() };
}

describe('quitting finishes its writes first', () => {
  it('holds the first will-quit until dispose resolves, then quits again and lets it through', async () => {
    let finish!: () => void;
    const h = harness(() => new Promise<void>((r) => (finish = r)));
    h.willQuit();
    expect(h.prevented()).toBe(1);
    expect(h.log).toEqual([]);
    h.willQuit(); // a second Cmd+Q meanwhile
    expect(h.prevented()).toBe(2);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.log).toEqual(['quit']);
    h.willQuit();
    expect(h.prevented()).toBe(2);
    expect(h.guard.phase).toBe('done');
  });

  it('quits anyway when dispose hangs past the deadline or fails', async () => {
    const hung = harness(() => new Promise<void>(() => {}));
    hung.willQuit();
    hung.fireTimer();
    expect(hung.log).toEqual([expect.stringMatching(/^warn: Quitting without waiting/), 'quit']);
    const failing = harness(() => Promise.reject(new Error('secret-bearing message')));
    failing.willQuit();
    await new Promise((r) => setTimeout(r, 0));
    expect(failing.log).toEqual(['warn: Closing down failed (Error); quitting anyway', 'quit']);
  });
});

describe('start-up failure', () => {
  it('shows the app’s own message, and only names other errors', () => {
    expect(startupFailure(new VaultError('VAULT_KEY_UNAVAILABLE', 'The vault key is missing.'), '/p/logs/desk.log')).toEqual({
      title: 'Integrations Desk could not start',
      content: 'The vault key is missing.\n\nDetails are in the log file:\n/p/logs/desk.log',
      exitCode: 1,
    });
    const other = startupFailure(new TypeError('token=abc123'), undefined);
    expect(other.content).not.toContain('abc123');
    expect(other.content).toContain('TypeError');
    expect(other.exitCode).toBe(1);
  });
});
