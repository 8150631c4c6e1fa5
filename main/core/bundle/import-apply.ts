import fs from 'node:fs';
import type { ConnectionRecord } from '../connections/connection-record.js';
import type { IntegrationsDoc } from '../domain/integrations/integration-record.js';
import { SECRET_KEY, vaultNamespace } from '../domain/integrations/integration-service.js';
import type { OfferingsDoc } from '../domain/offerings/offering-record.js';
import type { SettingsDoc } from '../settings/settings-record.js';
import type { JsonStore } from '../storage/json-store.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import type { ImportPlan } from './import-plan.js';

/** The vault calls bundles make: reading secrets to export, writing them on import, undoing that. */
export interface BundleVault {
  get(namespace: string, key: string): string | undefined;
  putMany(namespace: string, secrets: Record<string, string>): void;
  putNewNamespaces(batch: Record<string, Record<string, string>>): Promise<void>;
  holds(namespace: string): boolean;
  has(namespace: string, key: string): boolean;
  delete(namespace: string, key: string): void;
  deleteNamespace(namespace: string): void;
}

/** The writable parts of the profile an import touches. */
export interface ApplyTargets {
  offerings: JsonStore<OfferingsDoc>;
  integrations: JsonStore<IntegrationsDoc>;
  settings: JsonStore<SettingsDoc>;
  vault: BundleVault;
  connections: {
    list(integrationId: string): readonly ConnectionRecord[];
    replaceShard(integrationId: string, fn: (connections: readonly ConnectionRecord[]) => ConnectionRecord[]): void;
    removeIntegration(integrationId: string): void;
  };
  logger: Logger;
  progress(done: number, total: number): void;
}

const tokenKey = (connectionId: string, kind: 'refresh' | 'access') => `conn.${connectionId}.${kind}`;

/**
 * Applies an import plan all or nothing.
 *
 * The stores are separate files, so "atomic" is built from an undo log: every step first records
 * how to put back what it is about to change, and any failure runs the log backwards before the
 * error is reported. The order makes the last write the commit point: secrets and connection shards
 * first (invisible while no integration record names them), then offerings and settings, and the
 * integrations document last, in one atomic file write. A crash before that last write leaves at
 * most unreferenced vault entries and shards of integrations that do not exist; never a half-imported
 * integration.
 */
export async function applyImport(plan: ImportPlan, settings: SettingsDoc | undefined, t: ApplyTargets): Promise<void> {
  const undo: Array<{ what: string; run(): void }> = [];
  const total = plan.writes.length + 3;
  let done = 0;
  let lastYield = performance.now();
  // Each vault write is durable (fsync'd), so a large import takes seconds: hand the event loop back
  // every ~50 ms, so progress reaches the window and the app keeps answering meanwhile.
  const step = async () => {
    t.progress(++done, total);
    if (performance.now() - lastYield > 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  };
  const secretsOf = (write: ImportPlan['writes'][number]): Record<string, string> => {
    const secrets: Record<string, string> = {};
    if (write.clientSecret) secrets[SECRET_KEY] = write.clientSecret;
    for (const c of write.connections) {
      secrets[tokenKey(c.record.id, 'refresh')] = c.refreshToken;
      if (c.accessToken) secrets[tokenKey(c.record.id, 'access')] = c.accessToken;
    }
    return secrets;
  };
  try {
    // New integrations' secrets first, all their vault shards in one batch (each as durable as a
    // single write, the fsyncs in parallel: one at a time, 1,000 of them take ~12 s here).
    const batch: Record<string, Record<string, string>> = {};
    for (const w of plan.writes) {
      const secrets = secretsOf(w);
      if (w.kind === 'add' && !w.adopt && Object.keys(secrets).length > 0) batch[vaultNamespace(w.record.id)] = secrets;
    }
    // Undone only once written: a batch refused (one of its shards already exists, e.g. an
    // integration whose record was lost with a restored integrations.json) wrote nothing, and
    // deleting its namespaces would delete that surviving shard's secrets.
    await t.vault.putNewNamespaces(batch);
    undo.push({ what: 'vault (new integrations)', run: () => Object.keys(batch).forEach((namespace) => t.vault.deleteNamespace(namespace)) });

    for (const write of plan.writes) {
      const namespace = vaultNamespace(write.record.id);
      const secrets = secretsOf(write);
      if (write.adopt) {
        // Its surviving shard keeps what it holds; the bundle adds only the secrets it lacks.
        const missing = Object.fromEntries(Object.entries(secrets).filter(([key]) => t.vault.get(namespace, key) === undefined));
        if (Object.keys(missing).length > 0) {
          undo.push({ what: `vault ${namespace}`, run: () => Object.keys(missing).forEach((key) => t.vault.delete(namespace, key)) });
          t.vault.putMany(namespace, missing);
        }
      } else if (write.kind === 'replace') {
        const before = Object.fromEntries(Object.keys(secrets).map((key) => [key, t.vault.get(namespace, key)]));
        undo.push({
          what: `vault ${namespace}`,
          run: () => {
            const restore = Object.fromEntries(Object.entries(before).filter((e): e is [string, string] => e[1] !== undefined));
            if (Object.keys(restore).length > 0) t.vault.putMany(namespace, restore);
            for (const [key, value] of Object.entries(before)) if (value === undefined) t.vault.delete(namespace, key);
          },
        });
        // One atomic vault write per replaced integration: its secret and all its tokens.
        if (Object.keys(secrets).length > 0) t.vault.putMany(namespace, secrets);
      }

      if (write.connections.length > 0) {
        const id = write.record.id;
        if (write.kind === 'add' && !write.adopt) {
          undo.push({ what: `connections ${id}`, run: () => t.connections.removeIntegration(id) });
        } else {
          const before = [...t.connections.list(id)];
          undo.push({ what: `connections ${id}`, run: () => t.connections.replaceShard(id, () => before) });
        }
        const incoming = new Map(write.connections.map((c) => [c.record.id, c.record]));
        t.connections.replaceShard(id, (current) =>
          write.adopt
            ? // The connections that survived here win over the bundle's copies of them.
              [...current, ...write.connections.map((c) => c.record).filter((c) => !current.some((here) => here.id === c.id))]
            : [...write.connections.map((c) => c.record), ...current.filter((c) => !incoming.has(c.id))],
        );
      }
      await step();
    }

    if (plan.offeringsToAdd.length > 0) {
      undo.push(storeUndo('offerings', t.offerings));
      t.offerings.update((doc) => ({ offerings: [...doc.offerings, ...plan.offeringsToAdd] }));
    }
    await step();

    if (settings) {
      undo.push(storeUndo('settings', t.settings));
      t.settings.set(settings);
    }
    await step();

    // The commit point: one atomic write of the integrations document.
    const replaced = new Map(plan.writes.filter((w) => w.kind === 'replace').map((w) => [w.record.id, w.record]));
    const added = plan.writes.filter((w) => w.kind === 'add').map((w) => w.record);
    t.integrations.update((doc) => ({
      integrations: [...doc.integrations.map((i) => replaced.get(i.id) ?? i), ...added],
    }));
    await step();
  } catch (error) {
    const failedUndo: string[] = [];
    for (const entry of undo.reverse()) {
      try {
        entry.run();
      } catch {
        failedUndo.push(entry.what);
      }
    }
    if (failedUndo.length > 0) t.logger.error({ failedUndo }, 'bundle import: some steps could not be undone');
    t.logger.warn({ reason: isDeskError(error) ? error.code : error instanceof Error ? error.name : 'unknown' }, 'bundle import failed and was rolled back');
    const why = isDeskError(error) ? ` (${error.message})` : '';
    throw new DeskError(
      'INTERNAL',
      failedUndo.length === 0
        ? `The import failed and was undone: nothing was imported${why}.`
        : `The import failed${why}; ${failedUndo.length} step(s) could not be undone, see the log.`,
    );
  }
}

/**
 * How to put a store back: its previous document, and no file at all if it had none (a store is
 * created at its first write, so "unchanged" includes "still absent").
 */
function storeUndo<T>(what: string, store: JsonStore<T>): { what: string; run(): void } {
  const before = store.get();
  const existed = fs.existsSync(store.path);
  return {
    what,
    run() {
      store.set(before);
      if (!existed) for (const file of [store.path, `${store.path}.bak`]) fs.rmSync(file, { force: true });
    },
  };
}
