import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/connection-harness.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { PASSPHRASE, TEST_SCRYPT_LOG_N, allFileText, importAll } from '../support/bundle-helpers.js';

/**
 * Issue 16, acceptance 4: the bundle file holds no plaintext secret, token or name, and the plaintext
 * never reaches a disk: not beside the bundle, not in either data folder, not in a log.
 */
describe('what a bundle gives away', () => {
  let h: Harness | undefined;
  let target: TestCore | undefined;
  afterEach(async () => {
    await target?.dispose();
    await h?.stop();
    h = target = undefined;
  });

  it('contains no client secret, token, passphrase, or integration, offering, user or org name', async () => {
    h = await createHarness({ core: { bundleScryptWorkFactor: TEST_SCRYPT_LOG_N } });
    const { connection } = await h.connect();
    await h.value('connections.refresh', { id: connection.id });
    const tokens = h.tokenResponses.flatMap((r) => [r.access_token, r.refresh_token]).filter((t): t is string => typeof t === 'string');
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const live = {
      refresh: h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)!,
      access: h.core.connections.bundleAccess.secrets.accessToken(h.integrationId, connection.id)!,
    };

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bundle-out-'));
    const file = path.join(folder, 'workspace.deskbundle');
    const exported = await h.core.bundles.exportToFile({ integrationIds: [], mode: 'move', passphrase: PASSPHRASE }, file);
    expect(exported.connectionsMoved).toBe(1);
    expect(fs.readdirSync(folder)).toEqual(['workspace.deskbundle']); // no temp file left beside it
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const bytes = fs.readFileSync(file);
    const plaintexts = [
      h.fixture.clients[0]!.clientSecret,
      h.fixture.clients[0]!.clientId,
      live.refresh,
      live.access,
      ...tokens,
      PASSPHRASE,
      'Fixture Production',
      'Fixture (salesforce)',
      connection.userEmail,
      connection.userName,
      ...(connection.orgName ? [connection.orgName] : []),
      h.fixture.issuer,
    ];
    const views = [bytes.toString('latin1'), bytes.toString('utf8'), bytes.toString('base64'), bytes.toString('hex')];
    for (const secret of plaintexts) {
      for (const view of views) expect(view.includes(secret), `bundle contains ${secret.slice(0, 6)}…`).toBe(false);
    }

    // On the way in, the plaintext reaches memory only: the target's files hold ciphertext for secrets.
    target = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N });
    await importAll(target, bytes);
    const secrets = [h.fixture.clients[0]!.clientSecret, live.refresh, live.access, PASSPHRASE];
    for (const dir of [h.core.dataDir, target.dataDir, folder]) {
      const text = allFileText(dir);
      for (const secret of secrets) expect(text.includes(secret), `${dir} holds ${secret.slice(0, 6)}…`).toBe(false);
    }
    for (const log of [h.core.logOutput(), target.logOutput()]) expect(log.includes(PASSPHRASE)).toBe(false);
  });
});
