import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { createLogger } from '../../main/core/support/logger.js';

export interface TestCore extends AppCore {
  dataDir: string;
  /** Everything logged at warn and above (stderr in the app), for leak scans. */
  logOutput(): string;
}

/** A real app core on a fresh temporary profile, as browser mode builds it (key-file vault). */
export async function createTestCore(overrides: Partial<AppCoreDeps> = {}, env: Record<string, string> = {}): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-test-'));
  let logged = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ dir: dataDir, stream, level: 'debug' });
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: '47999', DESK_VAULT_KEY_FILE: '1', ...env });
  const core = await createAppCore({ config, logger, mode: 'browser', ...overrides });
  return { ...core, dataDir, logOutput: () => logged };
}
