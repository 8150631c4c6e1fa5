import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Integration, Verification } from '../../../../preload/contract/models.js';
import type { createIntegrationSchema, updateIntegrationSchema } from '../../../../preload/contract/schemas.js';
import { DeskError } from '../../support/desk-error.js';
import { isoNow, type Clock } from '../../support/clock.js';
import type { ActivityChange, ActivityPage } from '../../../../preload/contract/activity-models.js';
import type { ActivityLog, ActivityQuery } from '../activity/activity-log.js';
import type { DocStore } from '../doc-store.js';
import type { OfferingRecord } from '../offerings/offering-record.js';
import type { OfferingService } from '../offerings/offering-service.js';
import type { Fetch } from '../offerings/resolve-endpoints.js';
import type { IntegrationRecord, IntegrationsDoc } from './integration-record.js';
import { checkScopes, nameProblem } from './integration-rules.js';
import { verifyRegistration } from './verify-credentials.js';
import type { ListFigures } from '../../connections/connection-summaries.js';
import { backToDraft, latest, VERIFY_WORDS } from './integration-status.js';
import { integrationView } from './integration-view.js';
import { firstByName, LIST_HEAD_SIZE, type ListHead } from './list-head.js';

/** The vault operations integrations need; secrets go in, and come out only inside main. */
export interface SecretStore {
  put(namespace: string, key: string, secret: string): void;
  get(namespace: string, key: string): string | undefined;
  deleteNamespace(namespace: string): void;
}

/** What integrations need to know about their connections (filled in by the connections module). */
export interface ConnectionsPort {
  count(integrationId: string): number;
  lastActivity(integrationId: string): string | undefined;
  /** Revokes every connection at the provider before the integration goes away. */
  revokeAll(integrationId: string): Promise<void>;
}

export const noConnections: ConnectionsPort = {
  count: () => 0,
  lastActivity: () => undefined,
  revokeAll: async () => {},
};

export interface IntegrationServiceDeps {
  store: DocStore<IntegrationsDoc>;
  offerings: OfferingService;
  vault: SecretStore;
  activity: ActivityLog;
  clock: Clock;
  fetch: Fetch;
  /** An integration's own Callback URL, and why the provider would refuse it, if it would. */
  callbackFor(record: IntegrationRecord): { url: string; issue?: { message: string; fixedUrl: string } };
  connections(): ConnectionsPort;
  /** Tells other modules (API keys) that an integration is going: after its connections were revoked, before its record is removed. */
  removed?(id: string): void;
  changed(ids: string[]): void;
  /** The stored first rows (issue 15: the window's first rows without reading every integration). */
  head?: Pick<ListHead, 'read'>;
}

export const SECRET_KEY = 'clientSecret';
export const vaultNamespace = (integrationId: string): string => `integration-${integrationId}`;

type CreateInput = z.output<typeof createIntegrationSchema>;
type UpdateInput = z.output<typeof updateIntegrationSchema>;

export type IntegrationService = ReturnType<typeof createIntegrationService>;

/**
 * Integrations: a provider app's credentials for one offering, and their draft → configured lifecycle.
 *
 * The client secret is write-only: it goes to the vault on create and on replace, and only
 * `verify` (and later the OAuth flows) read it back, inside main. An integration is `configured` only
 * after the provider accepted the current Client ID and secret; changing either returns it to `draft`.
 */
export function createIntegrationService(deps: IntegrationServiceDeps) {
  const { store, clock } = deps;

  // Records by id, rebuilt when the store hands out a new document (each write does): `find` runs for
  // every connection a list or an audit baseline looks at, and a linear search made those O(n²) at
  // 10,000 integrations (issue 15).
  let indexed: IntegrationsDoc | undefined;
  let byId = new Map<string, IntegrationRecord>();
  const find = (id: string): IntegrationRecord => {
    const doc = store.get();
    if (doc !== indexed) {
      byId = new Map(doc.integrations.map((i) => [i.id, i]));
      indexed = doc;
    }
    const found = byId.get(id);
    if (!found) throw new DeskError('NOT_FOUND', 'That integration does not exist (it may have been deleted).');
    return found;
  };

  /** The view of a record; `figures` when they come with it (the list head), else from the connections. */
  const toView = (record: IntegrationRecord, offerings: Map<string, OfferingRecord>, figures?: ListFigures): Integration => {
    const connections = deps.connections();
    const own = figures ?? { count: connections.count(record.id), lastActiveAt: connections.lastActivity(record.id) };
    return integrationView(record, offerings.get(record.offeringId)?.name, deps.callbackFor(record), own);
  };

  const offeringMap = () => new Map(deps.offerings.records().map((o) => [o.id, o]));
  const view = (record: IntegrationRecord) => toView(record, offeringMap());

  const save = (record: IntegrationRecord): IntegrationRecord => {
    store.update((doc) => ({ integrations: doc.integrations.map((i) => (i.id === record.id ? record : i)) }));
    deps.changed([record.id]);
    return record;
  };

  const enabledOffering = (offeringId: string, fields: Record<string, string>): OfferingRecord | undefined => {
    const offering = deps.offerings.records().find((o) => o.id === offeringId);
    if (!offering) fields.offeringId = 'Choose an Integration Offering';
    else if (!offering.enabled) fields.offeringId = `${offering.name} is disabled: choose another offering`;
    return offering?.enabled ? offering : undefined;
  };

  const fail = (fields: Record<string, string>): never => {
    const messages = Object.values(fields);
    throw new DeskError('VALIDATION', messages.length === 1 ? messages[0]! : 'Please correct the highlighted fields.', fields);
  };

  return {
    list(filter?: { search?: string; status?: 'draft' | 'configured' }): Integration[] {
      const offerings = offeringMap();
      const needle = filter?.search?.trim().toLowerCase();
      return store
        .get()
        .integrations.filter((i) => (!filter?.status || i.status === filter.status) && (!needle || i.name.toLowerCase().includes(needle)))
        .map((i) => toView(i, offerings));
    },

    /**
     * The window's first rows: the first `LIST_HEAD_SIZE` by name, and how many there are. From the
     * stored list head while it is current (no integration read), else from the integrations.
     */
    firstPage(): { rows: Integration[]; total: number } {
      const offerings = offeringMap();
      const head = deps.head?.read();
      if (head) return { rows: head.rows.map((row) => toView(row.record, offerings, row.figures)), total: head.total };
      const all = store.get().integrations;
      return { rows: firstByName(all, LIST_HEAD_SIZE).map((i) => toView(i, offerings)), total: all.length };
    },

    get: (id: string): Integration => view(find(id)),
    record: (id: string): IntegrationRecord => find(id),
    countUsing: (offeringId: string): number => store.get().integrations.filter((i) => i.offeringId === offeringId).length,

    create(input: CreateInput): Integration {
      const fields: Record<string, string> = {};
      const all = store.get().integrations;
      const nameIssue = nameProblem(input.name, all);
      if (nameIssue) fields.name = nameIssue;
      const offering = enabledOffering(input.offeringId, fields);
      let scopes: string[] = [];
      if (offering) {
        const checked = checkScopes(input.scopes, offering);
        if ('error' in checked) fields.scopes = checked.error;
        else scopes = checked.scopes;
      }
      if (Object.keys(fields).length > 0) fail(fields);

      const now = isoNow(clock);
      // The id the form showed in the Callback URL, unless it is taken.
      const id = input.id && !all.some((i) => i.id === input.id) ? input.id : `int_${randomBytes(9).toString('base64url')}`;
      const record: IntegrationRecord = {
        id,
        name: input.name,
        offeringId: input.offeringId,
        clientId: input.clientId,
        scopes,
        callback: { path: 'per-integration' },
        status: 'draft',
        secretReplacedAt: now,
        createdAt: now,
        updatedAt: now,
      };
      // Secret first: if the vault refuses (weak protection, locked), nothing half-created remains.
      deps.vault.put(vaultNamespace(record.id), SECRET_KEY, input.clientSecret);
      try {
        store.update((doc) => ({ integrations: [...doc.integrations, record] }));
      } catch (e) {
        deps.vault.deleteNamespace(vaultNamespace(record.id));
        throw e;
      }
      deps.activity.record({
        integrationId: record.id,
        kind: 'created',
        category: 'credentials',
        actor: 'admin',
        message: `Created "${record.name}" for ${offering!.name}`,
        changes: [
          { field: 'Integration Name', to: record.name },
          { field: 'Client ID', to: record.clientId },
          { field: 'Client Secret', to: 'set' },
          { field: 'OAuth Scopes', to: scopes.join(', ') },
        ],
      });
      deps.changed([record.id]);
      return view(record);
    },

    update(input: UpdateInput): Integration {
      const current = find(input.id);
      const fields: Record<string, string> = {};
      const changes: ActivityChange[] = [];
      const next = { ...current };
      if (input.name !== undefined && input.name !== current.name) {
        const issue = nameProblem(input.name, store.get().integrations, current.id);
        if (issue) fields.name = issue;
        next.name = input.name;
        changes.push({ field: 'Integration Name', from: current.name, to: input.name });
      }
      if (input.scopes !== undefined) {
        const checked = checkScopes(input.scopes, deps.offerings.get(current.offeringId));
        if ('error' in checked) fields.scopes = checked.error;
        else if (checked.scopes.join(' ') !== current.scopes.join(' ')) {
          next.scopes = checked.scopes;
          changes.push({ field: 'OAuth Scopes', from: current.scopes.join(', '), to: checked.scopes.join(', ') });
        }
      }
      let credentialsChanged = false;
      if (input.clientId !== undefined && input.clientId !== current.clientId) {
        next.clientId = input.clientId;
        credentialsChanged = true;
        changes.push({ field: 'Client ID', from: current.clientId, to: input.clientId });
      }
      if (Object.keys(fields).length > 0) fail(fields);
      if (changes.length === 0) return view(current);
      next.updatedAt = isoNow(clock);
      const status = credentialsChanged ? backToDraft(next) : undefined;
      // The last verification was about the old credentials: it is not shown as if it were about these.
      if (credentialsChanged) delete next.verification;
      deps.activity.record({
        integrationId: current.id,
        kind: 'edited',
        category: 'credentials',
        actor: 'admin',
        message: `Changed ${changes.map((c) => c.field).join(', ')}${status ? ': a draft until the credentials are verified again' : ''}`,
        changes: status ? [...changes, status] : changes,
      });
      return view(save(next));
    },

    replaceSecret(id: string, secret: string): Integration {
      const current = find(id);
      deps.vault.put(vaultNamespace(id), SECRET_KEY, secret);
      const now = isoNow(clock);
      const next: IntegrationRecord = { ...current, secretReplacedAt: now, updatedAt: now };
      const status = backToDraft(next);
      delete next.verification;
      deps.activity.record({
        integrationId: id,
        kind: 'secret-replaced',
        category: 'credentials',
        actor: 'admin',
        message: `Replaced the Client Secret${status ? ': a draft until the credentials are verified again' : ''}`,
        // The secret itself never: only that it was replaced.
        changes: [{ field: 'Client Secret', from: 'set', to: 'replaced' }, ...(status ? [status] : [])],
      });
      return view(save(next));
    },

    async verify(id: string): Promise<{ integration: Integration; verification: Verification }> {
      const current = find(id);
      const secret = deps.vault.get(vaultNamespace(id), SECRET_KEY);
      const offering = deps.offerings.get(current.offeringId);
      const probe = secret
        ? await verifyRegistration(offering, current.clientId, secret, deps.callbackFor(current).url, deps.fetch, {
            scopes: current.scopes,
            changedAt: latest(current.createdAt, current.secretReplacedAt),
            now: clock.now(),
          })
        : { outcome: 'rejected' as const, message: 'No Client Secret is stored: replace the secret first.' };
      // Re-read: the record may have changed while the provider answered.
      const latestRecord = find(id);
      const verification: Verification = {
        at: isoNow(clock),
        outcome: probe.outcome,
        message: probe.message,
        ...('problem' in probe && probe.problem ? { problem: probe.problem } : {}),
        ...('retrySoon' in probe && probe.retrySoon ? { retrySoon: true } : {}),
      };
      const next: IntegrationRecord = { ...latestRecord, verification };
      const sameCredentials = latestRecord.clientId === current.clientId && latestRecord.secretReplacedAt === current.secretReplacedAt;
      const passed = probe.outcome === 'passed' && sameCredentials;
      let status: ActivityChange | undefined;
      if (passed && latestRecord.status !== 'configured') {
        next.status = 'configured';
        status = { field: 'Status', from: latestRecord.status, to: 'configured' };
      } else if (!passed) {
        status = backToDraft(next);
      }
      // One Verify, one entry: its outcome, and the status change it caused, if any.
      deps.activity.record({
        integrationId: id,
        kind: passed ? 'verification-passed' : 'verification-failed',
        category: 'credentials',
        actor: 'admin',
        outcome: passed ? 'passed' : 'failed',
        message: passed ? 'Verified the credentials: the provider accepted them' : VERIFY_WORDS[probe.outcome],
        detail: probe.message,
        ...(status ? { changes: [status] } : {}),
      });
      const saved = save(next);
      return { integration: view(saved), verification };
    },

    /**
     * The one-click fix for a Callback URL the provider would refuse: this integration's own path on
     * `localhost`. The provider's app must list the new URL, so the integration goes back to draft
     * until Verify finds it registered.
     */
    fixCallbackUrl(id: string): Integration {
      const current = find(id);
      const before = deps.callbackFor(current);
      if (!before.issue) return view(current);
      const next: IntegrationRecord = { ...current, callback: { path: 'per-integration', host: 'localhost' }, updatedAt: isoNow(clock) };
      const status = backToDraft(next);
      const change = { field: 'Callback URL', from: before.url, to: deps.callbackFor(next).url };
      deps.activity.record({
        integrationId: id,
        kind: 'edited',
        category: 'credentials',
        actor: 'admin',
        message: `Changed the Callback URL${status ? ': a draft until Verify finds it registered' : ''}`,
        changes: status ? [change, status] : [change],
      });
      return view(save(next));
    },

    /** Marks an integration whose credentials the provider rejected during use (e.g. a refresh). */
    flagRejected(id: string, message: string): void {
      const current = find(id);
      if (current.verification?.outcome === 'rejected' && current.status === 'draft') return;
      const next: IntegrationRecord = { ...current, verification: { at: isoNow(clock), outcome: 'rejected', message } };
      const status = backToDraft(next);
      deps.activity.record({
        integrationId: id,
        kind: 'verification-failed',
        category: 'credentials',
        actor: 'app',
        outcome: 'failed',
        message: 'The provider rejected the credentials while refreshing a connection',
        detail: message,
        ...(status ? { changes: [status] } : {}),
      });
      save(next);
    },

    /** The rule that guards every new connection (and API key): only configured integrations. */
    requireConfigured(id: string): IntegrationRecord {
      const record = find(id);
      if (record.status !== 'configured') {
        throw new DeskError('NOT_CONFIGURED', `"${record.name}" is a draft: verify its credentials before creating connections.`);
      }
      return record;
    },

    /** Reads the client secret for a protocol call; it never leaves main. */
    secretOf(id: string): string {
      const secret = deps.vault.get(vaultNamespace(id), SECRET_KEY);
      if (!secret) throw new DeskError('NOT_CONFIGURED', 'No Client Secret is stored for this integration.');
      return secret;
    },

    async remove(id: string): Promise<{ id: string }> {
      const current = find(id);
      await deps.connections().revokeAll(id);
      // Its API keys go before its record: a delete interrupted in between (a crash) leaves no key of
      // an integration that is gone, which a later import of the same id (a backup) would bring back.
      deps.removed?.(id);
      store.update((doc) => ({ integrations: doc.integrations.filter((i) => i.id !== id) }));
      deps.vault.deleteNamespace(vaultNamespace(id));
      deps.activity.record({ integrationId: id, kind: 'deleted', category: 'credentials', actor: 'admin', message: `Deleted "${current.name}"` });
      deps.changed([id]);
      return { id };
    },

    /** The newest entries of the trail (the older `integrations.activity` channel). */
    activity: (id: string) => {
      find(id);
      return deps.activity.page({ integrationId: id, limit: 200 }).entries;
    },

    activityPage(query: ActivityQuery): ActivityPage {
      find(query.integrationId);
      return deps.activity.page(query);
    },
  };
}
