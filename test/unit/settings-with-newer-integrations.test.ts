import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * A newer app's `integrations.json` is refused (and left untouched) while the rest of the app works.
 * Saving the settings must then say what happened to the settings: it was saved. It used to report
 * the integrations' refusal after the save had succeeded (the Callback URL notice reads every
 * integration), so the admin saw an error for a change that had been made.
 */
let core: TestCore | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await core?.dispose();
  core = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('saving the settings with a newer app\'s integrations document', () => {
  it('answers the saved settings, and the integrations keep their refusal', async () => {
    const first = await createTestCore();
    const dataDir = first.dataDir;
    dirs.push(dataDir);
    await first.dispose();
    const newer = JSON.stringify({ integrations: [], __internal__: { version: 999 } });
    fs.writeFileSync(path.join(dataDir, 'integrations.json'), newer);
    core = await createTestCore({}, { DESK_DATA_DIR: dataDir });
    dirs.push(core.dataDir); // the empty folder createTestCore made before the override took effect
    const call = (channel: string, payload?: unknown) => dispatch(core!.handlers, channel, payload, { transport: 'browser' }, core!.logger);

    const saved = await call('settings.update', { keepAliveMinutes: 45 });
    expect(saved).toMatchObject({ ok: true, value: { keepAliveMinutes: 45 } });
    expect(await call('settings.get')).toMatchObject({ ok: true, value: { keepAliveMinutes: 45 } });
    expect(await call('integrations.list')).toMatchObject({ ok: false, message: expect.stringContaining('written by a newer version of the app') });
    expect(fs.readFileSync(path.join(dataDir, 'integrations.json'), 'utf8')).toBe(newer);
  });
});
