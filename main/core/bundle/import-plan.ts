import type { BundlePreview, ConflictChoice, PreviewIntegration } from '../../../preload/contract/bundle-models.js';
import type { ConnectionRecord } from '../connections/connection-record.js';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { OfferingRecord } from '../domain/offerings/offering-record.js';
import type { SettingsDoc } from '../settings/settings-record.js';
import { DeskError } from '../support/desk-error.js';
import type { BundleDoc } from './bundle-format.js';

/** What the plan needs to know about this machine. */
export interface LocalState {
  offerings: readonly OfferingRecord[];
  integrations: readonly IntegrationRecord[];
  settings: SettingsDoc;
  /** The integration whose shard already holds this connection id here, if any. */
  connectionHome(id: string): string | undefined;
  /** The Callback URL an integration record gets on this machine. */
  callbackUrlHere(record: IntegrationRecord): string;
  /**
   * Whether this machine still holds secrets or connections of an integration with this id though no
   * integration record names it (its record was lost when `integrations.json` was restored from an
   * older backup). Importing that integration then gives them their record back.
   */
  heldHere?(integrationId: string): boolean;
  /** Whether a local integration's Client Secret is stored here (absent: assumed so). */
  secretHere?(integrationId: string): boolean;
}

/** One integration to write: added (new id or the bundle's) or replacing a local one (local id kept). */
export interface IntegrationWrite {
  kind: 'add' | 'replace';
  /**
   * An added integration whose secrets or connections survived here (`LocalState.heldHere`): what
   * this machine holds is kept (it is at least as new as any bundle of it), the bundle fills in only
   * what is missing.
   */
  adopt?: true;
  record: IntegrationRecord;
  clientSecret?: string;
  connections: Array<{ record: ConnectionRecord; refreshToken: string; accessToken?: string }>;
}

export interface ImportPlan {
  offeringsToAdd: OfferingRecord[];
  writes: IntegrationWrite[];
  skipped: number;
  keptBoth: number;
}

const lower = (s: string) => s.trim().toLowerCase();
/** An integration name's length limit (the contract's `integrationNameSchema`). */
const MAX_NAME = 100;

interface Match {
  local: IntegrationRecord;
  by: Array<'id' | 'name' | 'clientId'>;
}

/** The local integration a bundle integration collides with: the same id first, else name, else client id. */
function matchOf(bundled: IntegrationRecord, locals: readonly IntegrationRecord[]): Match | undefined {
  const target =
    locals.find((l) => l.id === bundled.id) ??
    locals.find((l) => lower(l.name) === lower(bundled.name)) ??
    locals.find((l) => l.clientId === bundled.clientId);
  if (!target) return undefined;
  const by: Match['by'] = [];
  if (target.id === bundled.id) by.push('id');
  if (lower(target.name) === lower(bundled.name)) by.push('name');
  if (target.clientId === bundled.clientId) by.push('clientId');
  return { local: target, by };
}

/** Bundle offering id → the local offering it maps to (same id, else same name), or undefined (new). */
function offeringMapping(doc: BundleDoc, locals: readonly OfferingRecord[]): Map<string, OfferingRecord | undefined> {
  const map = new Map<string, OfferingRecord | undefined>();
  for (const o of doc.offerings) {
    map.set(o.id, locals.find((l) => l.id === o.id) ?? locals.find((l) => lower(l.name) === lower(o.name)));
  }
  return map;
}

/** The preview: what is new, what conflicts and how, which side is newer, and each Callback URL here. */
export function previewOf(doc: BundleDoc, local: LocalState, meta: { previewId: string; fileName: string; migratedFrom?: number }): BundlePreview {
  const offerings = offeringMapping(doc, local.offerings);
  const offeringName = (id: string) =>
    offerings.get(id)?.name ?? doc.offerings.find((o) => o.id === id)?.name ?? 'Unknown offering';
  const connectionsOf = (id: string) => doc.connections.filter((c) => c.record.integrationId === id).length;
  const integrations: PreviewIntegration[] = doc.integrations.map(({ record, callbackUrl }) => {
    const match = matchOf(record, local.integrations);
    // New ones keep their id (and so their Callback URL's path); a conflict's URL is shown for `replace`.
    const here = local.callbackUrlHere(match ? { ...record, id: match.local.id } : record);
    return {
      bundleId: record.id,
      name: record.name,
      offeringName: offeringName(record.offeringId),
      clientId: record.clientId,
      connections: connectionsOf(record.id),
      state: match ? 'conflict' : 'new',
      ...(match
        ? {
            conflict: {
              localId: match.local.id,
              localName: match.local.name,
              by: match.by,
              newer: record.updatedAt > match.local.updatedAt ? 'bundle' : record.updatedAt < match.local.updatedAt ? 'local' : 'same',
            },
          }
        : {}),
      callbackUrl: { here, there: callbackUrl, differs: here !== callbackUrl },
    };
  });
  return {
    previewId: meta.previewId,
    fileName: meta.fileName,
    mode: doc.mode,
    createdAt: doc.createdAt,
    appVersion: doc.app.version,
    format: doc.format,
    ...(meta.migratedFrom !== undefined ? { migratedFrom: meta.migratedFrom } : {}),
    offerings: doc.offerings.map((o) => ({ id: o.id, name: o.name, state: offerings.get(o.id) ? 'existing' : 'new' })),
    integrations,
    settingsDiffer: JSON.stringify(sortKeys(doc.settings)) !== JSON.stringify(sortKeys(local.settings)),
  };
}

/**
 * Turns a bundle and the admin's choices into the writes to make. Pure: no I/O, ids from `newId`.
 *
 * Every imported integration is a draft (its credentials are verified again on this machine).
 * `replace` keeps the local integration's id, so its connections and API keys stay attached; `keep-both`
 * adds the bundle's under a new id and a name that does not clash; `keep` (the default for a conflict
 * without a choice) leaves the local one and skips the bundle's, connections included. A `replace` whose
 * bundle side has no Client Secret keeps the secret here only for the same Client ID, and is refused
 * for another one (unless there is no secret here to keep).
 */
export function planImport(
  doc: BundleDoc,
  local: LocalState,
  choices: Readonly<Record<string, ConflictChoice>>,
  ids: { integration(): string; connection(): string; now: string },
): ImportPlan {
  const offeringMap = offeringMapping(doc, local.offerings);
  const offeringsToAdd: OfferingRecord[] = [];
  const takenNames = new Set(local.integrations.map((i) => lower(i.name)));
  const writes: IntegrationWrite[] = [];
  const usedConnectionIds = new Set<string>();
  let skipped = 0;
  let keptBoth = 0;

  const offeringIdFor = (bundleOfferingId: string): string => {
    const mapped = offeringMap.get(bundleOfferingId);
    if (mapped) return mapped.id;
    if (!offeringsToAdd.some((o) => o.id === bundleOfferingId)) {
      const offering = doc.offerings.find((o) => o.id === bundleOfferingId);
      if (offering) offeringsToAdd.push({ ...offering, updatedAt: ids.now });
    }
    return bundleOfferingId;
  };

  const uniqueName = (name: string): string => {
    if (!takenNames.has(lower(name))) return name;
    for (let n = 1; ; n += 1) {
      // The name is shortened, never the suffix: a cut suffix gave every number the same (taken) name,
      // and this loop never ended.
      const suffix = ` (imported${n === 1 ? '' : ` ${n}`})`;
      const candidate = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
      if (!takenNames.has(lower(candidate))) return candidate;
    }
  };

  for (const item of doc.integrations) {
    const match = matchOf(item.record, local.integrations);
    // Own keys only: an id such as `constructor` would otherwise read the prototype's.
    const choice: ConflictChoice = match ? (Object.hasOwn(choices, item.record.id) ? choices[item.record.id]! : 'keep') : 'keep-both';
    if (match && choice === 'keep') {
      skipped += 1;
      continue;
    }
    const { verification: _unverified, ...config } = item.record;
    const replacing = match && choice === 'replace' ? match.local : undefined;
    if (replacing && !item.clientSecret && replacing.clientId !== item.record.clientId && local.secretHere?.(replacing.id) !== false) {
      // The secret here belongs to the local Client ID: kept under the bundle's, it made a pair that
      // never existed (rejected by the provider, with nothing to say why). Refused, so the admin chooses.
      // A draft with no secret here (itself imported without one) has nothing to mismatch: replaced.
      throw new DeskError(
        'CONFLICT',
        `"${item.record.name}" cannot replace "${replacing.name}": the bundle has no Client Secret for it, and its Client ID is not the one here, so the secret here does not belong to it. Choose "Keep both" (then enter its Client Secret) or "Keep" for it, or export it again with its secret. Nothing was imported.`,
      );
    }
    const id = replacing ? replacing.id : match ? ids.integration() : item.record.id;
    const adopt = !match && local.heldHere?.(id) === true;
    if (match && choice === 'keep-both') keptBoth += 1;
    let name = item.record.name;
    if (replacing) {
      // The local one's own name is free for it; another local integration's is not.
      takenNames.delete(lower(replacing.name));
      name = uniqueName(name);
    } else {
      name = uniqueName(name);
    }
    takenNames.add(lower(name));
    const record: IntegrationRecord = {
      ...config,
      id,
      name,
      offeringId: offeringIdFor(item.record.offeringId),
      status: 'draft',
      createdAt: replacing?.createdAt ?? item.record.createdAt,
      updatedAt: ids.now,
    };
    const connections = doc.connections
      .filter((c) => c.record.integrationId === item.record.id)
      .map((c) => {
        // A connection returning to the machine it was moved from keeps its id (replacing its `moved`
        // record); any other clash gets a fresh id.
        const home = local.connectionHome(c.record.id);
        const keepId = !usedConnectionIds.has(c.record.id) && (home === undefined || ((replacing !== undefined || adopt) && home === id));
        const connectionId = keepId ? c.record.id : ids.connection();
        usedConnectionIds.add(connectionId);
        return { ...c, record: { ...c.record, id: connectionId, integrationId: id, updatedAt: ids.now } };
      });
    writes.push({ kind: replacing ? 'replace' : 'add', ...(adopt ? { adopt } : {}), record, ...(item.clientSecret ? { clientSecret: item.clientSecret } : {}), connections });
  }
  return { offeringsToAdd, writes, skipped, keptBoth };
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}
