import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ApiKey, CreatedApiKey } from '../../../preload/contract/api-key-models.js';
import type { createApiKeySchema } from '../../../preload/contract/api-key-schemas.js';
import type { DocStore } from '../domain/doc-store.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError } from '../support/desk-error.js';
import { toApiKeyView, type ApiKeyRecord, type ApiKeysDoc } from './api-key-record.js';
import { hashSecret, isWellFormedSecret, newPublicKey, newSecretValue, sameDigest, sameValue } from './api-key-secret.js';
import { createUsageRecorder, type PendingUsage } from './api-key-usage.js';

export interface ApiKeyServiceDeps {
  store: DocStore<ApiKeysDoc>;
  integrations: {
    /** Throws NOT_CONFIGURED for drafts: only configured integrations may generate keys. */
    requireConfigured(id: string): unknown;
    /** Throws NOT_FOUND for an unknown integration. */
    record(id: string): unknown;
    exists(id: string): boolean;
  };
  clock: Clock;
  /** Keys of one integration changed (created, revoked, or usage written). Ids only, never a value. */
  changed(integrationId: string, ids: string[]): void;
  usageFlushIntervalMs?: number;
  onUsageWriteError?(error: unknown): void;
}

/** The key a request authenticated with: what the local API needs, and nothing secret. */
export interface AuthenticatedKey {
  id: string;
  integrationId: string;
  publicKey: string;
}

export type Authentication =
  | { ok: true; key: AuthenticatedKey }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

/** Digest characters used to bucket keys; the full digest is then compared in constant time. */
const BUCKET_CHARS = 16;

/**
 * API keys: generated for configured integrations, shown once, stored as a hash, revoked for good.
 *
 * The value exists in readable form only inside `create`'s response. Authentication hashes the
 * presented value and looks it up in an in-memory index of digests rebuilt after every write, so a
 * revocation (written at once, never batched) takes effect on the very next request. Usage ("last
 * used", request count) is counted in memory and written in batches by the usage recorder.
 */
export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const { store, clock } = deps;

  let indexedDoc: ApiKeysDoc | undefined;
  let index = new Map<string, ApiKeyRecord[]>();
  const currentIndex = (): Map<string, ApiKeyRecord[]> => {
    const doc = store.get();
    if (doc !== indexedDoc) {
      // The store hands out a new frozen document after each write, so identity tells us it changed.
      const next = new Map<string, ApiKeyRecord[]>();
      for (const record of doc.keys) {
        const bucket = record.hash.slice(0, BUCKET_CHARS);
        next.set(bucket, [...(next.get(bucket) ?? []), record]);
      }
      index = next;
      indexedDoc = doc;
    }
    return index;
  };

  /**
   * Verified keys by presented value (issue 15): a script sends the same key on every request, so its
   * SHA-256, bucket lookup and comparison run once, not per request.
   *
   * Still constant-time: the cache is keyed by the whole 256-bit value, so a lookup only hits when the
   * exact value is presented, and a miss (any other string) takes the digest path below, unchanged;
   * a hit's value is then compared once more with `timingSafeEqual`, like a digest. Invalidated with
   * every write of the keys (a revocation is a write: the next request is refused) and checked against
   * the integration's existence on every hit. Bounded, so presenting many keys cannot grow it.
   */
  const verified = new Map<string, { value: Buffer; room: Buffer; key: AuthenticatedKey; result: Authentication }>();
  let verifiedDoc: ApiKeysDoc | undefined;
  const VERIFIED_MAX = 1_000;

  const usage = createUsageRecorder({
    flushIntervalMs: deps.usageFlushIntervalMs,
    onError: deps.onUsageWriteError,
    persist(batch: ReadonlyMap<string, PendingUsage>) {
      const touched = new Map<string, string[]>();
      store.update((doc) => ({
        keys: doc.keys.map((k) => {
          const used = batch.get(k.id);
          if (!used) return k;
          touched.set(k.integrationId, [...(touched.get(k.integrationId) ?? []), k.id]);
          const at = new Date(used.lastUsedAt).toISOString();
          return { ...k, requestCount: k.requestCount + used.count, lastUsedAt: k.lastUsedAt && k.lastUsedAt > at ? k.lastUsedAt : at };
        }),
      }));
      for (const [integrationId, ids] of touched) deps.changed(integrationId, ids);
    },
  });

  const find = (id: string): ApiKeyRecord => {
    const found = store.get().keys.find((k) => k.id === id);
    if (!found) throw new DeskError('NOT_FOUND', 'That API key does not exist.');
    return found;
  };

  /** The view with usage not yet written folded in, so the UI's numbers are exact. */
  const view = (record: ApiKeyRecord): ApiKey => {
    const base = toApiKeyView(record);
    const pending = usage.pendingFor(record.id);
    if (!pending) return base;
    const at = new Date(pending.lastUsedAt).toISOString();
    return { ...base, requestCount: base.requestCount + pending.count, lastUsedAt: base.lastUsedAt && base.lastUsedAt > at ? base.lastUsedAt : at };
  };

  return {
    /** Every stored key's status, without checking or reading any integration (the audit's baseline). */
    statuses: () => store.get().keys.map((k) => ({ id: k.id, integrationId: k.integrationId, status: toApiKeyView(k).status })),

    list(integrationId: string): ApiKey[] {
      deps.integrations.record(integrationId);
      return store
        .get()
        .keys.filter((k) => k.integrationId === integrationId)
        .map(view)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },

    create(input: z.output<typeof createApiKeySchema>): CreatedApiKey {
      deps.integrations.requireConfigured(input.integrationId);
      const clash = store
        .get()
        .keys.find((k) => k.integrationId === input.integrationId && !k.revokedAt && k.name.toLowerCase() === input.name.toLowerCase());
      if (clash) {
        const message = `This integration already has an active key named "${clash.name}": choose another name`;
        throw new DeskError('VALIDATION', message, { name: message });
      }
      const value = newSecretValue();
      const record: ApiKeyRecord = {
        id: `key_${randomBytes(9).toString('base64url')}`,
        integrationId: input.integrationId,
        name: input.name,
        publicKey: newPublicKey(),
        hash: hashSecret(value),
        createdAt: isoNow(clock),
        requestCount: 0,
      };
      store.update((doc) => ({ keys: [record, ...doc.keys] }));
      deps.changed(record.integrationId, [record.id]);
      return { key: toApiKeyView(record), value };
    },

    /** Immediate (written before returning) and irreversible (nothing un-revokes a key). */
    revoke(id: string): ApiKey {
      const current = find(id);
      if (current.revokedAt) return view(current);
      const revokedAt = isoNow(clock);
      store.update((doc) => ({ keys: doc.keys.map((k) => (k.id === id ? { ...k, revokedAt } : k)) }));
      deps.changed(current.integrationId, [id]);
      return view(find(id));
    },

    /** Drops every key of a deleted integration: the hashes have nothing left to open. */
    forgetIntegration(integrationId: string): void {
      const ids = store.get().keys.filter((k) => k.integrationId === integrationId).map((k) => k.id);
      if (ids.length === 0) return;
      store.update((doc) => ({ keys: doc.keys.filter((k) => k.integrationId !== integrationId) }));
      deps.changed(integrationId, ids);
    },

    /** Recognises a presented key value; the value itself is only hashed, never kept or logged. */
    authenticate(value: string): Authentication {
      if (store.get() !== verifiedDoc) {
        verified.clear();
        verifiedDoc = store.get();
      }
      const hit = verified.get(value);
      if (hit && sameValue(hit.value, hit.room, value) && deps.integrations.exists(hit.key.integrationId)) return hit.result;
      if (!isWellFormedSecret(value)) return { ok: false, reason: 'malformed' };
      const digest = hashSecret(value);
      const candidates = currentIndex().get(digest.slice(0, BUCKET_CHARS)) ?? [];
      const record = candidates.find((c) => sameDigest(c.hash, digest));
      if (!record) return { ok: false, reason: 'unknown' };
      if (record.revokedAt) return { ok: false, reason: 'revoked' };
      // A key dies with its integration, even before anything tidies the store.
      if (!deps.integrations.exists(record.integrationId)) return { ok: false, reason: 'unknown' };
      const key = Object.freeze({ id: record.id, integrationId: record.integrationId, publicKey: record.publicKey });
      const result: Authentication = Object.freeze({ ok: true, key });
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
      const stored = Buffer.from(value, 'utf8');
      verified.set(value, { value: stored, room: Buffer.alloc(stored.length), key, result });
      return result;
    },

    /** Counts one authenticated request; written with the next batch. */
    recordUse(keyId: string): void {
      usage.record(keyId, clock.now());
    },

    flushUsage: (): void => usage.flush(),
    dispose: (): void => usage.stop(),
  };
}
