// A profile of n integrations with 10 connections each, seeded fast: the real store and vault write the
// first shard of each kind, and the rest are byte copies with other ids (ciphertext stays valid: same
// key). Shared by the store-growth and memory benchmarks.
import fs from 'node:fs';
import path from 'node:path';
import { connectionsDocSchema, type ConnectionRecord } from '../../main/core/connections/connection-record.js';
import { integrationsDocSchema, type IntegrationRecord } from '../../main/core/domain/integrations/integration-record.js';
import { vaultNamespace } from '../../main/core/domain/integrations/integration-service.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';

export const CONNECTIONS_PER_INTEGRATION = 10;
const start = Date.now();
const now = new Date(start).toISOString();
/** A time `minutes` before the seed ran (a whole second, so every stamp has the same length). */
const ago = (minutes: number) => new Date(Math.floor(start / 1000) * 1000 - minutes * 60_000).toISOString();
export const pad = (n: number) => String(n).padStart(5, '0');
export const integrationId = (i: number) => `int_${pad(i)}`;

export function connection(i: number, j: number): ConnectionRecord {
  return {
    id: `con_${pad(i)}_${j}`,
    integrationId: integrationId(i),
    userEmail: `user${j}@org${i}.example`,
    userName: `User ${j}`,
    userId: `005${pad(i)}${pad(j)}AAA`,
    orgId: `00D${pad(i)}AAAAAA`,
    orgName: `Org ${i}`,
    instanceUrl: `https://org${i}.my.salesforce.com`,
    environment: 'production',
    status: 'connected',
    scopes: ['api', 'refresh_token'],
    tokenType: 'Bearer',
    // Each connection its own times, none shared (signed in on its own day, used, refreshed and written
    // at its own moment): equal strings would flatter the memory benchmark, which shares them (issue 15).
    connectedAt: ago(1_440 * (j + 1)),
    lastActiveAt: ago(j + 1),
    expiresAt: ago(-120 + 7 * j),
    expirySource: 'introspected',
    updatedAt: ago(13 * j + 17),
  };
}

export function integration(i: number): IntegrationRecord {
  return {
    id: integrationId(i), name: `Integration ${i}`, offeringId: 'salesforce-production', clientId: `client-${i}`,
    scopes: ['api', 'refresh_token'], status: 'configured', secretReplacedAt: now, createdAt: now, updatedAt: now,
  };
}

/** Seeds a profile: the real store and vault write the first shard of each kind; copies make the rest. */
export async function seed(dir: string, n: number): Promise<void> {
  const recoveries = createRecoveryLog();
  openJsonStore({ dir, name: 'integrations', schema: integrationsDocSchema, defaults: { integrations: [] }, version: 1, recoveries })
    .set({ integrations: Array.from({ length: n }, (_, i) => integration(i)) });
  const cipher = await createNodeKeyCipher({ dataDir: dir, forceKeyFile: true });
  const vault = createVault({ dir: path.join(dir, 'vault'), cipher, recoveries });
  for (let i = 0; i < n; i++) {
    const shard = openJsonStore({ dir, name: `connections/${integrationId(i)}`, schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries });
    if (i === 0) {
      shard.set({ connections: Array.from({ length: CONNECTIONS_PER_INTEGRATION }, (_, j) => connection(i, j)) });
      vault.put(vaultNamespace(integrationId(i)), 'clientSecret', 'seed-secret');
      for (let j = 0; j < CONNECTIONS_PER_INTEGRATION; j++) {
        vault.put(vaultNamespace(integrationId(i)), `conn.con_${pad(i)}_${j}.refresh`, `refresh-${j}`.padEnd(90, 'r'));
        vault.put(vaultNamespace(integrationId(i)), `conn.con_${pad(i)}_${j}.access`, `access-${j}`.padEnd(110, 'a'));
      }
      continue;
    }
    // Same bytes as the store would write, with this integration's ids (ciphertext stays valid: same key).
    const swap = (text: string) => text.replaceAll(pad(0), pad(i)).replaceAll('Org 0', `Org ${i}`).replaceAll('org0.', `org${i}.`).replaceAll('@org0', `@org${i}`);
    for (const [from, to] of [
      [`connections/int_${pad(0)}.json`, `connections/${integrationId(i)}.json`],
      [`connections/int_${pad(0)}.json.bak`, `connections/${integrationId(i)}.json.bak`],
      [`vault/integration-int_${pad(0)}.json`, `vault/integration-${integrationId(i)}.json`],
      [`vault/integration-int_${pad(0)}.json.bak`, `vault/integration-${integrationId(i)}.json.bak`],
    ] as const) {
      const source = path.join(dir, from);
      if (fs.existsSync(source)) fs.writeFileSync(path.join(dir, to), swap(fs.readFileSync(source, 'utf8')), { mode: 0o600 });
    }
  }
}

