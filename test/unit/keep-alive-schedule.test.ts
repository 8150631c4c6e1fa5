import { afterEach, describe, expect, it, vi } from 'vitest';
import { startKeepAlive } from '../../main/core/connections/keep-alive.js';

afterEach(() => vi.useRealTimers());

describe('keep-alive scheduling', () => {
  it('reads its interval only after the first look, not during start-up (issue 15: the interval reads every integration)', async () => {
    vi.useFakeTimers();
    const intervalMs = vi.fn(() => 20 * 60_000);
    const sweep = vi.fn(async () => {});
    const keepAlive = startKeepAlive({ intervalMs, sweep, firstLookMs: 1_000 });
    expect(intervalMs).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1_000);
    expect(intervalMs).toHaveBeenCalledTimes(1);
    expect(sweep).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(1);
    keepAlive.stop();
  });

  it('stopped before the first look, never reads the interval nor sweeps', async () => {
    vi.useFakeTimers();
    const intervalMs = vi.fn(() => 20 * 60_000);
    const sweep = vi.fn(async () => {});
    startKeepAlive({ intervalMs, sweep, firstLookMs: 1_000 }).stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(intervalMs).not.toHaveBeenCalled();
    expect(sweep).not.toHaveBeenCalled();
  });

  it('survives a sweep that fails: it is reported, and the next sweep runs as planned', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn<() => Promise<void>>().mockRejectedValueOnce(new Error('disk went away')).mockResolvedValue();
    const failed = vi.fn();
    const keepAlive = startKeepAlive({ intervalMs: () => 20 * 60_000, sweep, failed, firstLookMs: 1_000 });
    // A rejection from the timer's tick was unhandled (in main, browser mode's process ends on it).
    await vi.advanceTimersByTimeAsync(1_000 + 20 * 60_000);
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk went away' }));
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    keepAlive.stop();
  });

  it('survives an interval it cannot read (an unreadable integrations document) and looks again later', async () => {
    vi.useFakeTimers();
    let readable = false;
    const intervalMs = vi.fn(() => {
      if (!readable) throw new Error('The integrations store was written by a newer version of the app.');
      return 20 * 60_000;
    });
    const sweep = vi.fn(async () => {});
    const keepAlive = startKeepAlive({ intervalMs, sweep, firstLookMs: 1_000 });
    // On a timer: a throw here would be an uncaught exception in main (browser mode's process ends).
    expect(() => vi.advanceTimersByTime(1_000)).not.toThrow();
    expect(intervalMs).toHaveBeenCalledTimes(1);
    readable = true;
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(intervalMs).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(1);
    keepAlive.stop();
  });
});
