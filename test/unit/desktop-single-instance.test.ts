import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type InstanceLock } from '../../main/core/desktop/single-instance.js';

/** One OS-wide lock shared by the "processes" of a test, as Electron's lock is. */
function osLock() {
  let holder: { relaunched: () => void } | undefined;
  return {
    forProcess(): InstanceLock & { relaunch?: () => void } {
      const me = { relaunched: () => {} };
      return {
        acquire() {
          if (holder) {
            holder.relaunched();
            return false;
          }
          holder = me;
          return true;
        },
        onSecondLaunch(listener) {
          me.relaunched = listener;
        },
      };
    },
  };
}

function launch(lock: InstanceLock) {
  const calls: string[] = [];
  const started = claimSingleInstance({
    lock,
    window: { reveal: (route) => calls.push(route ? `reveal ${route}` : 'reveal') },
    quit: () => calls.push('quit'),
  });
  return { started, calls };
}

describe('single instance', () => {
  it('lets the first launch start', () => {
    const first = launch(osLock().forProcess());
    expect(first).toEqual({ started: true, calls: [] });
  });

  it('makes a second launch quit at once, without showing anything of its own', () => {
    const os = osLock();
    launch(os.forProcess());
    const second = launch(os.forProcess());
    expect(second).toEqual({ started: false, calls: ['quit'] });
  });

  it('brings the first instance’s window forward when the app is launched again', () => {
    const os = osLock();
    const first = launch(os.forProcess());
    launch(os.forProcess());
    launch(os.forProcess());
    expect(first.calls).toEqual(['reveal', 'reveal']);
  });
});
