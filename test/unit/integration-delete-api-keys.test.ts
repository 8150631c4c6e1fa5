import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKey, CreatedApiKey } from '../../preload/contract/api-key-models.js';
import { createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Deleting an integration removes its API keys. They went after its record: a delete interrupted in
 * between (a crash) left keys of an integration that was gone, which nothing tidied, and importing that
 * integration again with its id (restoring a backup) made them authenticate again. The keys now go
 * first. Shown with a delete whose record removal fails (the integrations file cannot be replaced).
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('deleting an integration', () => {
  it('removes its API keys before its record, so an interrupted delete leaves no key behind', async () => {
    h = await createHarness();
    const created = await h.value<CreatedApiKey>('apiKeys.create', { integrationId: h.integrationId, name: 'Nightly sync' });
    expect(await h.value<ApiKey[]>('apiKeys.list', { integrationId: h.integrationId })).toMatchObject([{ id: created.key.id }]);

    // The record's removal fails: its file was replaced by a folder, which a rename cannot replace.
    const file = path.join(h.core.dataDir, 'integrations.json');
    fs.rmSync(file);
    fs.mkdirSync(file);
    const result = await h.call('integrations.delete', { id: h.integrationId });
    expect(result.ok).toBe(false);

    expect(await h.value<ApiKey[]>('apiKeys.list', { integrationId: h.integrationId })).toEqual([]);
    // And on disk: what a restart (or a re-import of the id) would read.
    const stored = fs.readdirSync(h.core.dataDir).filter((name) => name.startsWith('api-keys') && name.endsWith('.json'));
    expect(stored.length).toBeGreaterThan(0);
    for (const name of stored) expect(fs.readFileSync(path.join(h.core.dataDir, name), 'utf8')).not.toContain(created.key.id);
  });
});
