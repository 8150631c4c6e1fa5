import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreatedApiKey } from '../../preload/contract/api-key-models.js';
import { hashSecret } from '../../main/core/api-keys/api-key-secret.js';
import { ALICE } from '../support/connection-harness.js';
import { createLocalApiHarness } from '../support/local-api-harness.js';

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? allFiles(full) : [full];
  });
}

describe('an API key\'s value', () => {
  it('appears in no data file, log line or event, however the key is used, misused and revoked', async () => {
    const h = await createLocalApiHarness();
    const { connection } = await h.connect(ALICE);
    const keys: CreatedApiKey[] = [];
    try {
      keys.push(await h.createKey('Leak check'));
      keys.push(await h.createKey('Second'));
      const [key, other] = keys.map((k) => k.value) as [string, string];

      // Successful calls, failing calls, and calls where the key itself is mangled.
      await h.get('/api/v1/connections', key);
      await h.get(`/api/v1/connections/${connection.id}/credentials`, key);
      await h.proxy(connection.id, { method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } }, key);
      await h.proxy(connection.id, { method: 'GET', path: '//evil.example/' }, key);
      await h.proxy(connection.id, 'not json', key);
      await h.get('/api/v1/connections/con_nope/credentials', key);
      await h.get('/api/v1/connections', `${key}!`);
      await h.get('/api/v1/connections', key.slice(0, -1));
      await h.get('/api/v1/connections', undefined, { Authorization: key });
      await h.get('/api/v1/connections', other, { 'X-Integration-Id': 'int_other' });
      await h.value('apiKeys.list', { integrationId: h.integrationId });
      await h.value('apiKeys.revoke', { id: keys[0]!.key.id });
      const afterRevoke = await h.get('/api/v1/connections', key);
      expect(afterRevoke.status).toBe(401);
      expect(afterRevoke.text).not.toContain(key);
    } finally {
      // Disposing writes the batched usage: the scan sees everything the app would ever write.
      await h.stop();
    }

    const logFile = path.join(h.core.dataDir, 'logs', 'desk.log');
    expect(fs.readFileSync(logFile, 'utf8')).toContain('local API request');
    const haystacks: Array<[string, string]> = [
      ['events', JSON.stringify(h.events)],
      ['log output', h.core.logOutput()],
      ...allFiles(h.core.dataDir).map((file): [string, string] => [path.relative(h.core.dataDir, file), fs.readFileSync(file).toString('latin1')]),
    ];
    expect(haystacks.map(([where]) => where)).toEqual(expect.arrayContaining(['api-keys.json', 'local-api.json', path.join('logs', 'desk.log')]));
    for (const { value } of keys) {
      const secretPart = value.slice('desk_sk_'.length);
      for (const [where, text] of haystacks) {
        expect(text.includes(secretPart), `key value found in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(value).toString('base64')), `base64 of the key found in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(value).toString('hex')), `hex of the key found in ${where}`).toBe(false);
      }
    }
    // The scan can see what is there: the digests are in the keys' file, and usage was written.
    const stored = fs.readFileSync(path.join(h.core.dataDir, 'api-keys.json'), 'utf8');
    for (const { value } of keys) expect(stored).toContain(hashSecret(value));
    const doc = JSON.parse(stored) as { keys: Array<{ id: string; requestCount: number; revokedAt?: string }> };
    const first = doc.keys.find((k) => k.id === keys[0]!.key.id)!;
    expect(first.requestCount).toBeGreaterThanOrEqual(6);
    expect(first.revokedAt).toEqual(expect.any(String));
  });
});
