import { describe, expect, it } from 'vitest';
import { closeHint, createCloseToTray, type DesktopHint } from '../../main/core/desktop/close-to-tray.js';

function setup(alreadyShown = false, platform: NodeJS.Platform = 'linux') {
  let shown = alreadyShown;
  const hints: DesktopHint[] = [];
  const calls: string[] = [];
  const behaviour = createCloseToTray({
    hint: { shown: () => shown, markShown: () => void (shown = true) },
    showHint: (h) => {
      hints.push(h);
      calls.push('hint');
    },
    showTray: () => void calls.push('tray'),
    platform,
  });
  return { behaviour, hints, calls, persisted: () => shown };
}

describe('close to tray', () => {
  it('hides the window instead of closing it, so the app keeps running in the tray', () => {
    expect(setup().behaviour.windowClosing()).toBe('hide');
  });

  it('shows a hint the first time, and never again (remembered across launches)', () => {
    const { behaviour, hints, persisted } = setup();
    behaviour.windowClosing();
    behaviour.windowClosing();
    expect(hints).toHaveLength(1);
    expect(hints[0]!.title).toBe('Integrations Desk is still running');
    expect(persisted()).toBe(true);
    const nextLaunch = setup(true);
    nextLaunch.behaviour.windowClosing();
    expect(nextLaunch.hints).toEqual([]);
  });

  it('makes sure the tray is there before the window hides into it, and before the hint points at it', () => {
    const { behaviour, calls } = setup();
    behaviour.windowClosing();
    behaviour.windowClosing();
    expect(calls).toEqual(['tray', 'hint', 'tray']);
  });

  it('lets the window close once Quit was chosen', () => {
    const { behaviour, hints, calls } = setup();
    behaviour.quitRequested();
    expect(behaviour.windowClosing()).toBe('close');
    expect(hints).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('names where the icon is on each platform and how to quit', () => {
    expect(closeHint('darwin').body).toContain('the menu bar');
    expect(closeHint('win32').body).toContain('the notification area');
    expect(closeHint('linux').body).toContain('the system tray');
    expect(closeHint('linux').body).toContain('Quit');
  });
});
