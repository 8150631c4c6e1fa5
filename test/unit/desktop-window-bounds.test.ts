import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesktopState, defaultDesktopDoc, desktopDocSchema } from '../../main/core/desktop/desktop-state.js';
import { createBoundsKeeper, initialWindow, type SavedWindow } from '../../main/core/desktop/window-bounds.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';

const size = { width: 1200, height: 800, minWidth: 800, minHeight: 560 };
const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window placement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(initialWindow(undefined, [laptop], size)).toEqual({ bounds: { width: 1200, height: 800 }, maximized: false });
  });

  it('reopens where it was, maximised if it was', () => {
    const saved: SavedWindow = { x: 1600, y: 100, width: 1300, height: 900, maximized: true };
    expect(initialWindow(saved, [laptop, external], size)).toEqual({ bounds: { x: 1600, y: 100, width: 1300, height: 900 }, maximized: true });
  });

  it('keeps only the size when the screen it was on is gone (never restores off-screen)', () => {
    const saved: SavedWindow = { x: 1600, y: 100, width: 1300, height: 900, maximized: false };
    expect(initialWindow(saved, [laptop], size)).toEqual({ bounds: { width: 1300, height: 875 }, maximized: false });
  });

  it('never opens smaller than the minimum size', () => {
    const saved: SavedWindow = { x: 10, y: 10, width: 200, height: 100, maximized: false };
    expect(initialWindow(saved, [laptop], size).bounds).toEqual({ x: 10, y: 10, width: 800, height: 560 });
  });
});

describe('remembering the window', () => {
  function keeper() {
    const saved: SavedWindow[] = [];
    let due: (() => void) | undefined;
    const k = createBoundsKeeper({
      save: (w) => saved.push(w),
      schedule: (fn) => {
        due = fn;
        return () => void (due = undefined);
      },
    });
    return { k, saved, settle: () => due?.() };
  }

  it('saves once after a drag settles, not on every move event', () => {
    const { k, saved, settle } = keeper();
    for (let x = 0; x < 50; x += 1) k.changed({ x, y: 5, width: 1000, height: 700, maximized: false });
    expect(saved).toEqual([]);
    settle();
    expect(saved).toEqual([{ x: 49, y: 5, width: 1000, height: 700, maximized: false }]);
  });

  it('saves at once when the window closes', () => {
    const { k, saved } = keeper();
    k.changed({ x: 1.4, y: 2.6, width: 1000, height: 700, maximized: true });
    k.flush();
    k.flush();
    expect(saved).toEqual([{ x: 1, y: 3, width: 1000, height: 700, maximized: true }]);
  });

  it('persists in the profile’s desktop store and reads it back at the next launch', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-desktop-'));
    const open = () =>
      createDesktopState(openJsonStore({ dir, name: 'desktop', schema: desktopDocSchema, defaults: defaultDesktopDoc(), version: 1, recoveries: createRecoveryLog() }));
    const first = open();
    expect(first.window()).toBeUndefined();
    first.saveWindow({ x: 20, y: 30, width: 1000, height: 700, maximized: false });
    first.closeHint.markShown();
    const next = open();
    expect(next.window()).toEqual({ x: 20, y: 30, width: 1000, height: 700, maximized: false });
    expect(next.closeHint.shown()).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
