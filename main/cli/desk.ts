import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConflictChoice } from '../../preload/contract/bundle-models.js';
import { createAppCore } from '../core/app-core.js';
import { readConfig } from '../core/config.js';
import { isDeskError } from '../core/support/desk-error.js';
import { createLogger } from '../core/support/logger.js';
import { promptHidden } from './passphrase-prompt.js';

const USAGE = `Integrations Desk on the command line (same core as the app; close the app first)

  npm run desk -- export --out FILE [--integration ID_OR_NAME]... [--move]
  npm run desk -- import FILE [--on-conflict keep|replace|keep-both] [--apply-settings] [--dry-run]

The passphrase comes from DESK_BUNDLE_PASSPHRASE, else it is asked for (twice for an export).
The data folder is DESK_DATA_DIR's, as for the app. --move takes the connections along: they stop
working here (tokens erased) once the file is written.`;

/** `npm run desk -- export|import …`: scripted setups, through the same bundle service as the app. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'export' && command !== 'import') {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      integration: { type: 'string', multiple: true },
      move: { type: 'boolean', default: false },
      'on-conflict': { type: 'string', default: 'keep' },
      'apply-settings': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });

  const config = readConfig(process.env);
  const logger = createLogger({ dir: config.dataDir, level: 'warn' });
  const core = await createAppCore({ config, logger, mode: 'browser' });
  const progress = core.events.subscribeAll((name, payload) => {
    if (name !== 'bundle.progressed' || !process.stderr.isTTY) return;
    const p = payload as { phase: string; done: number; total: number };
    process.stderr.write(`\r${p.phase.padEnd(10)} ${Math.round((100 * p.done) / Math.max(p.total, 1))}%   `);
  });
  try {
    if (command === 'export') {
      if (!values.out) throw new UsageError('export needs --out FILE');
      const passphrase = await passphraseFor('export');
      const all = await core.handlers['integrations.list'](undefined, { transport: 'browser' });
      const wanted = values.integration ?? [];
      const ids = wanted.map((w) => {
        const found = all.find((i) => i.id === w || i.name.toLowerCase() === w.toLowerCase());
        if (!found) throw new UsageError(`No integration "${w}" here.`);
        return found.id;
      });
      const result = await core.bundles.exportToFile(
        { integrationIds: ids, mode: values.move ? 'move' : 'configuration', passphrase, operationId: 'cli' },
        path.resolve(values.out.endsWith('.deskbundle') ? values.out : `${values.out}.deskbundle`),
      );
      process.stdout.write(`\nExported ${result.integrations} integration(s) to ${result.savedTo}${values.move ? `; ${result.connectionsMoved} connection(s) moved (they no longer work here)` : ''}.\n`);
      return 0;
    }

    const file = positionals[0];
    if (!file) throw new UsageError('import needs a FILE');
    const choice = values['on-conflict'];
    if (choice !== 'keep' && choice !== 'replace' && choice !== 'keep-both') throw new UsageError('--on-conflict is keep, replace or keep-both');
    const passphrase = await passphraseFor('import');
    const preview = await core.bundles.previewFile(path.resolve(file), passphrase, 'cli');
    process.stdout.write(`\n${preview.fileName}: ${preview.integrations.length} integration(s), made ${preview.createdAt} by version ${preview.appVersion}${preview.migratedFrom ? ` (format ${preview.migratedFrom}, migrated)` : ''}\n`);
    for (const i of preview.integrations) {
      const conflict = i.conflict ? ` conflicts with "${i.conflict.localName}" (${i.conflict.by.join(', ')}; newer: ${i.conflict.newer}) → ${choice}` : ' new';
      process.stdout.write(`  ${i.name}:${conflict}${i.connections ? `, ${i.connections} connection(s)` : ''}${i.callbackUrl.differs ? `\n    Callback URL here: ${i.callbackUrl.here} (was ${i.callbackUrl.there}): register it at the provider` : ''}\n`);
    }
    if (values['dry-run']) {
      process.stdout.write('Dry run: nothing was imported.\n');
      return 0;
    }
    const choices: Record<string, ConflictChoice> = Object.fromEntries(preview.integrations.filter((i) => i.conflict).map((i) => [i.bundleId, choice]));
    const result = await core.bundles.apply({ previewId: preview.previewId, choices, applySettings: values['apply-settings'], operationId: 'cli' });
    process.stdout.write(
      `Imported: ${result.added} new, ${result.replaced} replaced, ${result.keptBoth} kept both, ${result.skipped} kept as they were, ${result.connections} connection(s). Imported integrations are drafts: verify each one here.\n`,
    );
    return 0;
  } finally {
    progress();
    await core.dispose();
  }
}

class UsageError extends Error {}

async function passphraseFor(command: 'export' | 'import'): Promise<string> {
  const fromEnv = process.env.DESK_BUNDLE_PASSPHRASE;
  if (fromEnv) return fromEnv;
  const first = await promptHidden('Bundle passphrase: ');
  if (command === 'export') {
    if (first.length < 10) throw new UsageError('Use a passphrase of at least 10 characters.');
    const second = await promptHidden('Again: ');
    if (second !== first) throw new UsageError('The passphrases do not match.');
  }
  return first;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Only messages known to be safe: DeskErrors (built from names and codes) and usage errors.
    const message = isDeskError(error) || error instanceof UsageError ? error.message : 'Something went wrong; the details are in the log.';
    process.stderr.write(`\n${message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
