import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../../preload/contract/activity-models.js';
import type { Connection, FlowUpdate } from '../../preload/contract/connection-models.js';
import { storeNameToStem } from '../../main/core/storage/shard-name.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Issue 15: a sign-in's audit entry ("Connected …", "Reauthorized …") is written in the same durable
 * step as its tokens and record (`writeTogether`), not after it: "connected" is never reported, and
 * no connection is ever stored, without its entry. (The crash side: `signin-audit-crash.test.ts`.)
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const connectionKinds = async (harness: Harness) =>
  (await harness.value<ActivityPage>('activity.list', { integrationId: harness.integrationId, category: 'connections' })).entries.map((e) => e.kind);

/** The integration's audit folder (store names encode capitals: `A` → `^a`). */
const auditFolder = (harness: Harness): string => path.join(harness.core.dataDir, storeNameToStem(`audit/${harness.integrationId}`));

/** Every audit segment of the integration, as it is on disk right now. */
const auditOnDisk = (harness: Harness): string => {
  const folder = auditFolder(harness);
  return fs
    .readdirSync(folder)
    .filter((f) => /^s\d+\.json$/.test(f))
    .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'))
    .join('\n');
};

describe("a sign-in's audit entry", () => {
  it('is recorded once per sign-in: Connected, then Reauthorized when the same user signs in again', async () => {
    h = await createHarness();
    await h.connect(ALICE);
    expect(await connectionKinds(h)).toEqual(['connection-connected']);
    await h.connect(ALICE);
    expect(await connectionKinds(h)).toEqual(['connection-reauthorized', 'connection-connected']);
  });

  it('is on disk when the sign-in is reported completed', async () => {
    h = await createHarness();
    let onDiskAtCompletion: string | undefined;
    const harness = h;
    h.core.events.subscribeAll((name, payload) => {
      if (name === 'flows.changed' && (payload as FlowUpdate).state === 'completed') onDiskAtCompletion = auditOnDisk(harness);
    });
    const { connection } = await h.connect(ALICE);
    expect(onDiskAtCompletion).toContain('"connection-connected"');
    expect(onDiskAtCompletion).toContain(connection.id);
  });

  it('that cannot be written stores nothing: the sign-in fails, no connection exists, and its tokens are neither kept nor live', async () => {
    const calls: string[] = [];
    h = await createHarness({
      fetch: (base) => async (input, init) => {
        calls.push(input instanceof Request ? input.url : String(input));
        return base(input, init);
      },
    });
    // The open audit segment's path becomes a folder: its file cannot be replaced (EISDIR).
    const head = path.join(auditFolder(h), 's000000.json');
    fs.rmSync(head);
    fs.mkdirSync(head);
    const { flow, redirectUrl } = await h.begin(ALICE);
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('could not be saved') });
    expect(await h.value<Connection[]>('connections.list', { integrationId: h.integrationId })).toEqual([]);
    expect(fs.readdirSync(path.join(h.core.dataDir, 'connections')).filter((f) => f.includes('.tmp'))).toEqual([]);
    // The tokens were renamed into place before the entry failed: they are removed again, and revoked.
    const shard = path.join(h.core.dataDir, 'vault', `${storeNameToStem(`integration-${h.integrationId}`)}.json`);
    expect(Object.keys(JSON.parse(fs.readFileSync(shard, 'utf8')) as object).filter((k) => k.startsWith('conn.'))).toEqual([]);
    expect(calls).toContain(h.fixture.endpoints.revocation);
  });
});
