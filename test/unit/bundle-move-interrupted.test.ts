import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMoveJournal, emptyMoveJournal, moveJournalDocSchema, type MoveJournalDoc } from '../../main/core/bundle/move-journal.js';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { PASSPHRASE, TEST_SCRYPT_LOG_N, callCore } from '../support/bundle-helpers.js';

/**
 * A move takes its connections out of service (durably) before it encrypts and writes the bundle,
 * which takes seconds (scrypt). If the app is killed in between, no bundle exists: the next start must
 * give the connections back, with their tokens, rather than leave them "moved" to nowhere for good.
 */
let h: Harness | undefined;
let again: TestCore | undefined;
afterEach(async () => {
  await again?.dispose();
  await h?.stop();
  h = again = undefined;
});

/** A profile with a connection through a real provider, and bundles at a low scrypt cost. */
const startHarness = async (): Promise<Harness> => (h = await createHarness({ core: { bundleScryptWorkFactor: TEST_SCRYPT_LOG_N } }));

/** The next start of the app on the harness's data folder (the previous one stopped first). */
async function restart(): Promise<TestCore> {
  await again?.dispose();
  again = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N, clock: h!.clock }, { DESK_DATA_DIR: h!.core.dataDir, DESK_CALLBACK_PORT: String(h!.callbackPort) });
  return again;
}

describe('a move interrupted before its bundle was written', () => {
  it('gives the connections back at the next start, tokens and all', async () => {
    h = await startHarness();
    const { connection } = await h.connect();
    // The bundle is built (connections marked `moved`), and the process dies before it is delivered.
    const built = await h.core.bundles.build({ integrationIds: [h.integrationId], mode: 'move', passphrase: PASSPHRASE });
    expect(built.pending?.entries).toHaveLength(1);
    expect((await h.value<Connection>('connections.get', { id: connection.id })).status).toBe('moved');

    again = await restart();
    const result = await callCore<Connection>(again, 'connections.get', { id: connection.id });
    expect(result.ok && result.value.status).toBe('connected');
    expect(again.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeTruthy();
  });

  it('never stops the app from starting: a move it cannot end yet stays in the journal for the next start', async () => {
    h = await startHarness();
    await h.connect();
    await h.core.bundles.build({ integrationIds: [h.integrationId], mode: 'move', passphrase: PASSPHRASE });
    // The integrations cannot be read at the next start (a newer app wrote them, say).
    const integrations = path.join(h.core.dataDir, 'integrations.json');
    const current = fs.readFileSync(integrations, 'utf8');
    fs.writeFileSync(integrations, JSON.stringify({ integrations: [], __internal__: { version: 999 } }));

    again = await restart();
    const journal = JSON.parse(fs.readFileSync(path.join(h.core.dataDir, 'bundle-moves.json'), 'utf8')) as MoveJournalDoc;
    expect(journal.moves).toHaveLength(1);

    // Readable again: the next start ends it.
    fs.writeFileSync(integrations, current);
    again = await restart();
    expect((JSON.parse(fs.readFileSync(path.join(h.core.dataDir, 'bundle-moves.json'), 'utf8')) as MoveJournalDoc).moves).toEqual([]);
  });
});

describe('a move interrupted after its bundle was written', () => {
  it('is finished at the next start: the tokens live in the file, not here any more', async () => {
    h = await startHarness();
    const { connection } = await h.connect();
    const built = await h.core.bundles.build({ integrationIds: [h.integrationId], mode: 'move', passphrase: PASSPHRASE });
    // As `exportToFile` does: the journal learns the target and the bytes, the file is written, and
    // the process dies before the move is marked finished.
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-move-')), 'acme.deskbundle');
    createMoveJournal(h.core.openStore<MoveJournalDoc>('bundle-moves', moveJournalDocSchema, emptyMoveJournal())).writing(built.moveId!, target, built.bytes, built.pending!.entries.map((e) => e.record.id));
    fs.writeFileSync(target, built.bytes);

    again = await restart();
    const result = await callCore<Connection>(again, 'connections.get', { id: connection.id });
    expect(result.ok && result.value.status).toBe('moved');
    expect(result.ok && result.value.movedAt).toBeTruthy();
    expect(again.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeUndefined();
  });
});

describe('a move interrupted after its bundle was written, with a connection it did not export', () => {
  it('finishes only the exported connections; the one left out of the bundle is put back with its token', async () => {
    h = await startHarness();
    const { connection: exported } = await h.connect(ALICE);
    const { connection: leftOut } = await h.connect(BOB);
    // No refresh token stored for this one: the move marks it but does not put it in the bundle.
    const secrets = h.core.connections.bundleAccess.secrets;
    const access = secrets.accessToken(h.integrationId, leftOut.id)!;
    secrets.forget(h.integrationId, leftOut.id);
    secrets.saveTokens(h.integrationId, leftOut.id, { access });

    const built = await h.core.bundles.build({ integrationIds: [h.integrationId], mode: 'move', passphrase: PASSPHRASE });
    expect(built.pending?.entries.map((e) => e.record.id)).toEqual([exported.id]);
    // As `exportToFile` does, and the process dies before the move is marked finished.
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-move-')), 'acme.deskbundle');
    createMoveJournal(h.core.openStore<MoveJournalDoc>('bundle-moves', moveJournalDocSchema, emptyMoveJournal())).writing(
      built.moveId!,
      target,
      built.bytes,
      built.pending!.entries.map((e) => e.record.id),
    );
    fs.writeFileSync(target, built.bytes);

    again = await restart();
    const moved = await callCore<Connection>(again, 'connections.get', { id: exported.id });
    expect(moved.ok && moved.value.status).toBe('moved');
    const kept = await callCore<Connection>(again, 'connections.get', { id: leftOut.id });
    expect(kept.ok && kept.value.status).toBe('connected');
    // Its token was in no bundle: erasing it here would lose it.
    expect(again.connections.bundleAccess.secrets.accessToken(h.integrationId, leftOut.id)).toBe(access);
  });
});
