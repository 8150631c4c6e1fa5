import { describe, expect, it } from 'vitest';
import { createTrayLaunch, TRAY_AFTER_WINDOW_MS, TRAY_DEADLINE_MS } from '../../main/core/desktop/tray-launch.js';

/** A clock the test moves by hand, with the timers it runs. */
function setup() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  let builds = 0;
  const launch = createTrayLaunch({
    build: () => void (builds += 1),
    schedule(fn, ms) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => !t.cancelled && t.at <= now).sort((a, b) => a.at - b.at)) {
      timer.cancelled = true;
      timer.fn();
    }
  };
  return { launch, advance, builds: () => builds, pending: () => timers.filter((t) => !t.cancelled).length };
}

describe('tray launch (issue 15: the window first, then the tray)', () => {
  it('builds nothing before the window shows, and the tray shortly after it', () => {
    const { launch, advance, builds } = setup();
    advance(100);
    expect(builds()).toBe(0);
    launch.windowShown();
    advance(TRAY_AFTER_WINDOW_MS - 1);
    expect(builds()).toBe(0);
    advance(1);
    expect(builds()).toBe(1);
  });

  it('builds the tray at once when the window is closing into it, and only once', () => {
    const { launch, advance, builds, pending } = setup();
    launch.windowShown();
    launch.now();
    expect(builds()).toBe(1);
    expect(pending()).toBe(0);
    launch.windowShown();
    launch.now();
    advance(TRAY_DEADLINE_MS);
    expect(builds()).toBe(1);
  });

  it('builds the tray at the deadline when the window never shows (its page failed to load)', () => {
    const { advance, builds } = setup();
    advance(TRAY_DEADLINE_MS - 1);
    expect(builds()).toBe(0);
    advance(1);
    expect(builds()).toBe(1);
  });

  it('a window shown again later does not move the tray', () => {
    const { launch, advance, builds } = setup();
    launch.windowShown();
    advance(TRAY_AFTER_WINDOW_MS / 2);
    launch.windowShown();
    advance(TRAY_AFTER_WINDOW_MS / 2);
    expect(builds()).toBe(1);
  });

  it('builds nothing once quitting began', () => {
    const { launch, advance, builds, pending } = setup();
    launch.windowShown();
    launch.cancel();
    expect(pending()).toBe(0);
    advance(TRAY_DEADLINE_MS);
    launch.now();
    expect(builds()).toBe(0);
  });
});
