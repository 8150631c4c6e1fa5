import { describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { decryptBundle, encryptBundle } from '../../main/core/bundle/bundle-crypto.js';
import { readBundleDoc } from '../../main/core/bundle/bundle-format.js';
import { isDeskError } from '../../main/core/support/desk-error.js';
import type { TestCore } from '../support/test-core.js';
import { bundleTestCores, exportBundle, PASSPHRASE, previewUpload, snapshot, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * A bundle file is at most 256 MB (an upload, ~1 MB), but gzip packs ~1,000:1 and `JSON.parse` makes
 * up to ~20 bytes of heap of each byte it reads: a few hundred KB unpacked to 512 MB were accepted,
 * and their parse could take the app's whole memory. What a bundle unpacks to is bounded, in bytes and
 * in JSON values, before it is parsed.
 */
describe('a bundle that unpacks to far more than any bundle the app writes', () => {
  const makeCore = bundleTestCores();

  /** A real bundle's document, as JSON text, with `extra` added at its end. */
  const exportedJson = async (source: TestCore, extra: string): Promise<string> => {
    const { bytes } = await exportBundle(source, { mode: 'configuration' });
    const text = await decryptBundle(bytes, PASSPHRASE);
    return `${text.slice(0, text.lastIndexOf('}'))}${extra}}`;
  };
  // Crafted past the limits, which the app's own export refuses to write (see the last test).
  const seal = (json: string) => encryptBundle(json, PASSPHRASE, { scryptWorkFactor: TEST_SCRYPT_LOG_N, limits: { bytes: Infinity, values: Infinity } });
  const refusal = async (run: Promise<unknown>): Promise<string> => {
    const error = await run.then(() => undefined, (e: unknown) => e);
    if (!isDeskError(error)) throw new Error('expected a refusal');
    expect(error.code).toBe('VALIDATION');
    return error.message;
  };

  it('stops unpacking at the byte limit, and says so (a few KB of gzip, MBs unpacked)', async () => {
    const source = await makeCore();
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-acme', clientSecret: 'acme-secret', scopes: ['api', 'refresh_token'] });
    const padded = await seal(await exportedJson(source, `, "padding": "${' '.repeat(4 * 1024 * 1024)}"`));
    expect(padded.length).toBeLessThan(64 * 1024);

    const message = await refusal(decryptBundle(padded, PASSPHRASE, { limits: { bytes: 1024 * 1024 } }));
    expect(message).toMatch(/unpacks to more than 1 MiB/);
    expect(message).toMatch(/Nothing was changed/);
    // The same bundle under a limit it fits: only the limit refused it.
    const text = await decryptBundle(padded, PASSPHRASE, { limits: { bytes: 8 * 1024 * 1024 } });
    expect(readBundleDoc(text, { appVersion: 'test' }).doc.integrations.map((i) => i.record.name)).toEqual(['Acme']);
  });

  it('refuses, before parsing, a small upload that would parse into millions of values; nothing changes', async () => {
    const source = await makeCore();
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-acme', clientSecret: 'acme-secret', scopes: ['api', 'refresh_token'] });
    const values = 8_000_001; // the app's limit, plus one
    const bomb = await seal(await exportedJson(source, `, "padding": [${'0,'.repeat(values - 1)}0]`));
    expect(bomb.length).toBeLessThan(512 * 1024); // fits browser mode's upload

    const target = await makeCore();
    const before = snapshot(target.dataDir);
    const preview = await previewUpload(target, bomb);
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.code).toBe('VALIDATION');
    expect(preview.message).toMatch(/holds more than 8,000,000 values/);
    expect(snapshot(target.dataDir)).toEqual(before);

    // The limit counts values, not bytes: the same bundle with its values as one string opens.
    const text = await decryptBundle(await seal(await exportedJson(source, `, "padding": "${'0'.repeat(2 * values)}"`)), PASSPHRASE);
    expect(readBundleDoc(text, { appVersion: 'test' }).doc.integrations).toHaveLength(1);
  });

  it('is never written by an export: what the import would refuse is refused before it is encrypted', async () => {
    const source = await makeCore();
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-acme', clientSecret: 'acme-secret', scopes: ['api', 'refresh_token'] });
    const json = await exportedJson(source, `, "padding": [${'0,'.repeat(999)}0]`);
    const write = (limits: { bytes?: number; values?: number }) => encryptBundle(json, PASSPHRASE, { scryptWorkFactor: TEST_SCRYPT_LOG_N, limits });
    expect(await refusal(write({ values: 1_000 }))).toMatch(/larger than a bundle may be .*Nothing was exported or moved/);
    expect(await refusal(write({ bytes: json.length - 1 }))).toMatch(/larger than a bundle may be/);
    // Within both, it is written, and opens under the same limits.
    const bytes = await write({ values: 2_000, bytes: json.length });
    expect(await decryptBundle(bytes, PASSPHRASE, { limits: { values: 2_000, bytes: json.length } })).toBe(json);
  });
});
