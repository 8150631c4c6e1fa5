import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { decryptBundle, encryptBundle } from '../../main/core/bundle/bundle-crypto.js';
import { readBundleDoc, type BundleDoc } from '../../main/core/bundle/bundle-format.js';
import { resolveProvider } from '../../main/core/domain/offerings/resolve-endpoints.js';
import type { OfferingRecord } from '../../main/core/domain/offerings/offering-record.js';
import { bundleTestCores, exportBundle, PASSPHRASE, previewUpload, snapshot, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * An offering's URLs receive client secrets and tokens. An offering entered here must use https
 * (http only to a loopback host); one that arrives in a bundle must too. A hand-made bundle with an
 * `http://` offering on another host was imported as it was, and sign-ins then sent the client secret,
 * codes and tokens there in clear.
 */
describe('bundles whose offerings are not https', () => {
  const makeCore = bundleTestCores();
  const core = () => makeCore();

  /** A genuine bundle of one integration on an offering of its own, decrypted, to tamper with. */
  async function genuineDoc(): Promise<BundleDoc> {
    const source = await core();
    const offering = await valueOf<{ id: string }>(source, 'offerings.create', {
      name: 'Partner Salesforce', kind: 'salesforce', environment: 'production', loginUrl: 'https://partner.my.salesforce.com',
      requiredScopes: ['api', 'refresh_token'], optionalScopes: [],
    });
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    const { bytes } = await exportBundle(source, { mode: 'configuration' });
    return readBundleDoc(await decryptBundle(bytes, PASSPHRASE), { appVersion: 'test' }).doc;
  }

  async function expectRefused(doc: BundleDoc, message: RegExp) {
    const target = await core();
    const before = snapshot(target.dataDir);
    const preview = await previewUpload(target, await encryptBundle(JSON.stringify(doc), PASSPHRASE, { scryptWorkFactor: TEST_SCRYPT_LOG_N }));
    expect(preview.ok).toBe(false);
    expect(!preview.ok && preview.message).toMatch(message);
    expect(!preview.ok && preview.message).toMatch(/Nothing was changed/);
    expect(snapshot(target.dataDir)).toEqual(before);
    expect(await valueOf<Integration[]>(target, 'integrations.list')).toEqual([]);
  }

  it('refuses an offering whose Login URL is http to another host', async () => {
    const doc = await genuineDoc();
    const offering = doc.offerings.find((o) => o.name === 'Partner Salesforce')!;
    await expectRefused(
      { ...doc, offerings: doc.offerings.map((o) => (o === offering ? { ...o, loginUrl: 'http://login.evil.example' } : o)) },
      /offering "Partner Salesforce" cannot be imported: Login URL must use https:\/\//,
    );
  });

  it('refuses an offering with an http token endpoint, or a URL carrying credentials', async () => {
    const doc = await genuineDoc();
    const offering = doc.offerings.find((o) => o.name === 'Partner Salesforce')!;
    const generic = (endpoints: NonNullable<OfferingRecord['endpoints']>): BundleDoc => ({
      ...doc,
      offerings: doc.offerings.map((o) => {
        if (o !== offering) return o;
        const { loginUrl: _dropped, ...rest } = o;
        return { ...rest, kind: 'generic' as const, endpoints };
      }),
    });
    await expectRefused(generic({ authorization: 'https://idp.example/authorize', token: 'http://idp.example/token' }), /Token endpoint must use https:\/\//);
    await expectRefused(generic({ authorization: 'https://admin:pw@idp.example/authorize', token: 'https://idp.example/token' }), /Authorization endpoint must not contain a user name or password/);
  });

  it('never calls a non-loopback provider over http, whatever an offering holds (the protocol library refuses it)', async () => {
    const base = { id: 'off_x', name: 'X', kind: 'generic', environment: 'production', requiredScopes: ['api'], optionalScopes: [], createdAt: '', updatedAt: '' } as unknown as OfferingRecord;
    const remote = await resolveProvider({ ...base, endpoints: { authorization: 'http://idp.example/authorize', token: 'http://idp.example/token' } }, fetch);
    expect(remote.options[oauth.allowInsecureRequests]).toBeUndefined();
    const local = await resolveProvider({ ...base, endpoints: { authorization: 'http://127.0.0.1:9/authorize', token: 'http://127.0.0.1:9/token' } }, fetch);
    expect(local.options[oauth.allowInsecureRequests]).toBe(true);
  });
});
