/**
 * Workspace bundles (issue 16, acceptance 5): import of a 1,000-integration bundle, end to end as the
 * app does it — age decryption at age's default passphrase cost (scrypt 2^18), the preview, and the
 * all-or-nothing apply into a fresh data folder (one atomic vault write per integration, then one
 * integrations document) — with the progress updates the window's progress bar receives. Then the
 * export of the same 1,000 from that folder. Run alone with `node --import tsx bench/bundle-import.bench.ts`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAppCore } from '../main/core/app-core.js';
import { encryptBundle } from '../main/core/bundle/bundle-crypto.js';
import { BUNDLE_FORMAT, type BundleDoc } from '../main/core/bundle/bundle-format.js';
import { builtInOfferings } from '../main/core/domain/offerings/built-in-offerings.js';
import { readConfig } from '../main/core/config.js';
import { createLogger } from '../main/core/support/logger.js';
import type { BundleProgress } from '../preload/contract/bundle-models.js';
import { report, timed } from './report.js';

const BENCH = 'bundle';
const COUNT = 1_000;
const PASSPHRASE = 'benchmark passphrase';

function syntheticBundle(): BundleDoc {
  const at = new Date().toISOString();
  const offering = builtInOfferings()[0]!;
  return {
    format: BUNDLE_FORMAT,
    app: { name: 'Integrations Desk', version: '0.1.0' },
    createdAt: at,
    mode: 'configuration',
    settings: {},
    offerings: [offering],
    integrations: Array.from({ length: COUNT }, (_, n) => ({
      record: {
        id: `int_bench${String(n).padStart(7, '0')}`,
        name: `Customer ${n} Production`,
        offeringId: offering.id,
        clientId: `3MVG9${randomBytes(60).toString('base64url')}`,
        scopes: ['api', 'refresh_token', 'openid'],
        callback: { path: 'per-integration' as const },
        status: 'configured' as const,
        createdAt: at,
        updatedAt: at,
      },
      clientSecret: randomBytes(48).toString('hex'), // random, as real secrets are: they do not compress
      callbackUrl: `http://localhost:47615/oauth/callback/int_bench${String(n).padStart(7, '0')}`,
    })),
    connections: [],
  };
}

async function main(): Promise<void> {
  const bytes = await encryptBundle(JSON.stringify(syntheticBundle()), PASSPHRASE);
  report({ bench: BENCH, metric: `bundle size @${COUNT}`, value: Math.round(bytes.length / 1024), unit: 'KiB' });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-bundle-'));
  const logger = createLogger({ dir: dataDir, stream: new Writable({ write: (_c, _e, done) => done() }), level: 'warn' });
  const core = await createAppCore({ config: readConfig({ DESK_DATA_DIR: dataDir, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '47997' }), logger, mode: 'browser' });
  const progress: BundleProgress[] = [];
  core.events.subscribeAll((name, payload) => {
    if (name === 'bundle.progressed') progress.push(payload as BundleProgress);
  });
  try {
    let previewMs = 0;
    let applyMs = 0;
    const totalMs = await timed(async () => {
      let previewId = '';
      previewMs = await timed(async () => {
        const preview = await core.bundles.previewBytes(bytes, 'bench.deskbundle', PASSPHRASE, 'import');
        previewId = preview.previewId;
      });
      applyMs = await timed(() => core.bundles.apply({ previewId, choices: {}, applySettings: false, operationId: 'import' }));
    });
    const imported = core.handlers['integrations.list'](undefined, { transport: 'browser' });
    const count = (await imported).length;
    if (count !== COUNT) throw new Error(`imported ${count} integrations, expected ${COUNT}`);
    report({ bench: BENCH, metric: `import @${COUNT} (decrypt + preview + apply)`, value: Math.round(totalMs), unit: 'ms', target: '< 5000 ms', met: totalMs < 5_000 });
    report({ bench: BENCH, metric: `  of which decrypt + preview`, value: Math.round(previewMs), unit: 'ms' });
    report({ bench: BENCH, metric: `  of which apply`, value: Math.round(applyMs), unit: 'ms' });
    const updates = progress.filter((p) => p.operationId === 'import');
    const applying = updates.filter((p) => p.phase === 'applying');
    report({ bench: BENCH, metric: `import progress updates @${COUNT}`, value: updates.length, unit: '', target: 'one per integration applied', met: applying.length >= COUNT });

    const out = path.join(dataDir, 'out.deskbundle');
    const exportMs = await timed(() => core.bundles.exportToFile({ integrationIds: [], mode: 'configuration', passphrase: PASSPHRASE, operationId: 'export' }, out));
    report({ bench: BENCH, metric: `export @${COUNT} (collect + encrypt + write)`, value: Math.round(exportMs), unit: 'ms' });
  } finally {
    await core.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
