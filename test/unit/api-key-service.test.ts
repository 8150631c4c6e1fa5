import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKey, CreatedApiKey } from '../../preload/contract/api-key-models.js';
import type { ApiKeysDoc } from '../../main/core/api-keys/api-key-record.js';
import { hashSecret, sameDigest, sameValue } from '../../main/core/api-keys/api-key-secret.js';
import { createApiKeyService } from '../../main/core/api-keys/api-key-service.js';
import type { DocStore } from '../../main/core/domain/doc-store.js';
import { DeskError } from '../../main/core/support/desk-error.js';
import { createHarness, type Harness } from '../support/connection-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('generating API keys', () => {
  it('gives a high-entropy value once, with a non-secret public key', async () => {
    h = await createHarness();
    const created = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Nightly sync' });
    expect(created.value).toMatch(/^desk_sk_[A-Za-z0-9_-]{43}$/);
    expect(created.key).toMatchObject({ name: 'Nightly sync', status: 'active', requestCount: 0, integrationId: h.integrationId });
    expect(created.key.publicKey).toMatch(/^desk_pk_[A-Za-z0-9_-]{22}$/);
    expect(created.key.lastUsedAt).toBeUndefined();
    expect(JSON.stringify(created.key)).not.toContain(created.value.slice(8));

    const again = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Second' });
    expect(again.value).not.toBe(created.value);
    expect(again.key.publicKey).not.toBe(created.key.publicKey);

    const listed = await h.value<ApiKey[]>('apiKeys.list', { integrationId: h.integrationId });
    expect(listed.map((k) => k.name)).toEqual(expect.arrayContaining(['Nightly sync', 'Second']));
    expect(JSON.stringify(listed)).not.toContain(created.value);
    expect(JSON.stringify(listed)).not.toContain(again.value);
  });

  it('stores only the SHA-256 digest of the value', async () => {
    h = await createHarness();
    const created = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Hashed' });
    const file = fs.readFileSync(path.join(h.core.dataDir, 'api-keys.json'), 'utf8');
    expect(file).toContain(createHash('sha256').update(created.value).digest('hex'));
    expect(file).not.toContain(created.value.slice('desk_sk_'.length));
  });

  it('forgets the keys of an integration that is deleted', async () => {
    h = await createHarness();
    const created = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Doomed' });
    const file = path.join(h.core.dataDir, 'api-keys.json');
    expect(fs.readFileSync(file, 'utf8')).toContain(hashSecret(created.value));
    await h.value('integrations.delete', { id: h.integrationId });
    expect(fs.readFileSync(file, 'utf8')).not.toContain(hashSecret(created.value));
  });

  it('requires an API Key Name', async () => {
    h = await createHarness();
    for (const name of ['', '   ']) {
      const result = await h.call('apiKeys.create', { integrationId: h.integrationId, name });
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION', fields: { name: 'API Key Name is required' } });
    }
    const long = await h.call('apiKeys.create', { integrationId: h.integrationId, name: 'x'.repeat(101) });
    expect(long).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  it('refuses a second active key with the same name in one integration', async () => {
    h = await createHarness();
    await h.value('apiKeys.create', { integrationId: h.integrationId, name: 'CI' });
    const clash = await h.call('apiKeys.create', { integrationId: h.integrationId, name: 'ci' });
    expect(clash).toMatchObject({ ok: false, code: 'VALIDATION', fields: { name: expect.stringMatching(/already has an active key/) } });
  });

  it('is refused for draft integrations (NOT_CONFIGURED) and unknown ones', async () => {
    h = await createHarness();
    await h.value('integrations.replaceSecret', { id: h.integrationId, clientSecret: 'something-else' });
    const draft = await h.call('apiKeys.create', { integrationId: h.integrationId, name: 'Too early' });
    expect(draft).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' });
    expect(await h.call('apiKeys.list', { integrationId: 'int_nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('revoking API keys', () => {
  it('is immediate and irreversible', async () => {
    h = await createHarness();
    const created = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Temp' });
    const revoked = await h.value<ApiKey>('apiKeys.revoke', { id: created.key.id });
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const again = await h.value<ApiKey>('apiKeys.revoke', { id: created.key.id });
    expect(again.revokedAt).toBe(revoked.revokedAt);
    // A revoked key's name is free again; the old key stays revoked.
    await h.value('apiKeys.create', { integrationId: h.integrationId, name: 'Temp' });
    const listed = await h.value<ApiKey[]>('apiKeys.list', { integrationId: h.integrationId });
    expect(listed.find((k) => k.id === created.key.id)?.status).toBe('revoked');
    expect(h.events.filter((e) => e.name === 'apiKeys.changed').length).toBeGreaterThanOrEqual(3);
    expect(await h.call('apiKeys.revoke', { id: 'key_nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('authentication and usage (service level)', () => {
  /** An in-memory store that counts writes, to prove usage is batched. */
  function memoryStore(): DocStore<ApiKeysDoc> & { writes: number } {
    let doc: ApiKeysDoc = { keys: [] };
    const store = {
      writes: 0,
      get: () => doc,
      update(fn: (d: ApiKeysDoc) => ApiKeysDoc) {
        store.writes += 1;
        doc = Object.freeze(fn(structuredClone(doc)));
        return doc;
      },
    };
    return store;
  }

  const setup = () => {
    const store = memoryStore();
    const integrations = new Set(['int_a', 'int_b']);
    const now = { t: Date.UTC(2026, 0, 1) };
    const service = createApiKeyService({
      store,
      integrations: {
        requireConfigured: (id) => {
          if (id === 'int_draft') throw new DeskError('NOT_CONFIGURED', 'draft');
        },
        record: () => ({}),
        exists: (id) => integrations.has(id),
      },
      clock: { now: () => now.t },
      changed: () => {},
      usageFlushIntervalMs: 60_000,
    });
    return { store, service, integrations, now };
  };

  it('recognises its keys, and tells malformed, unknown and revoked ones apart', () => {
    const { service } = setup();
    const a = service.create({ integrationId: 'int_a', name: 'A' });
    expect(service.authenticate(a.value)).toEqual({ ok: true, key: { id: a.key.id, integrationId: 'int_a', publicKey: a.key.publicKey } });
    expect(service.authenticate('desk_sk_tooshort')).toEqual({ ok: false, reason: 'malformed' });
    expect(service.authenticate(a.key.publicKey)).toEqual({ ok: false, reason: 'malformed' });
    expect(service.authenticate(`desk_sk_${'B'.repeat(43)}`)).toEqual({ ok: false, reason: 'unknown' });
    service.revoke(a.key.id);
    expect(service.authenticate(a.value)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('answers a verified key from its cache until the key is revoked, then refuses it at once (issue 15)', () => {
    const { service, store, integrations } = setup();
    const a = service.create({ integrationId: 'int_a', name: 'A' });
    for (let i = 0; i < 50; i += 1) expect(service.authenticate(a.value)).toMatchObject({ ok: true, key: { id: a.key.id } });
    // A value that differs in its last character is not a cache hit: verified the long way, and unknown.
    expect(service.authenticate(`${a.value.slice(0, -1)}${a.value.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    // The integration's existence is checked on every hit.
    integrations.delete('int_a');
    expect(service.authenticate(a.value)).toEqual({ ok: false, reason: 'unknown' });
    integrations.add('int_a');
    expect(service.authenticate(a.value)).toMatchObject({ ok: true });
    const writes = store.writes;
    service.revoke(a.key.id);
    expect(store.writes).toBe(writes + 1);
    // The very next request, from the cache's point of view too.
    expect(service.authenticate(a.value)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('stops accepting the keys of a deleted integration', () => {
    const { service, integrations } = setup();
    const b = service.create({ integrationId: 'int_b', name: 'B' });
    integrations.delete('int_b');
    expect(service.authenticate(b.value)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('counts usage in memory and writes it in one batch', () => {
    const { service, store, now } = setup();
    const a = service.create({ integrationId: 'int_a', name: 'A' });
    const b = service.create({ integrationId: 'int_a', name: 'B' });
    const writes = store.writes;
    for (let i = 0; i < 1_000; i += 1) {
      now.t += 10;
      service.recordUse(i % 4 === 0 ? b.key.id : a.key.id);
    }
    expect(store.writes).toBe(writes);
    // The list already shows the exact numbers.
    const listed = service.list('int_a');
    expect(listed.find((k) => k.id === a.key.id)?.requestCount).toBe(750);
    expect(listed.find((k) => k.id === b.key.id)?.requestCount).toBe(250);
    expect(listed.find((k) => k.id === a.key.id)?.lastUsedAt).toBe(new Date(now.t).toISOString());
    service.flushUsage();
    expect(store.writes).toBe(writes + 1);
    expect(store.get().keys.find((k) => k.id === a.key.id)?.requestCount).toBe(750);
    service.dispose();
  });

  it('compares a cached value with the presented one in a reused buffer: only the same value matches', () => {
    const stored = Buffer.from('desk_sk_abc', 'utf8');
    const room = Buffer.alloc(stored.length);
    expect(sameValue(stored, room, 'desk_sk_abc')).toBe(true);
    expect(sameValue(stored, room, 'desk_sk_abd')).toBe(false);
    // The room still held the last value: a shorter, a longer or a multi-byte value is told apart by its length.
    expect(sameValue(stored, room, 'desk_sk_ab')).toBe(false);
    expect(sameValue(stored, room, 'desk_sk_abcd')).toBe(false);
    expect(sameValue(stored, room, 'desk_sk_ab\u00e9')).toBe(false);
    expect(sameValue(stored, room, 'desk_sk_abc')).toBe(true);
    expect(sameValue(stored, Buffer.alloc(3), 'desk_sk_abc')).toBe(false);
  });

  it('compares digests in constant time, and only equal ones match', () => {
    const d = hashSecret('desk_sk_x');
    expect(sameDigest(d, hashSecret('desk_sk_x'))).toBe(true);
    expect(sameDigest(d, hashSecret('desk_sk_y'))).toBe(false);
    expect(sameDigest(d, d.slice(0, 62))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });
});
