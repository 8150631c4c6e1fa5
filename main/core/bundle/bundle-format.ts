import { z } from 'zod';
import { connectionRecordSchema } from '../connections/connection-record.js';
import { integrationRecordSchema } from '../domain/integrations/integration-record.js';
import { offeringRecordSchema, type OfferingRecord } from '../domain/offerings/offering-record.js';
import { checkProviderUrl } from '../domain/offerings/provider-url.js';
import { settingsDocSchema } from '../settings/settings-record.js';
import { isValidSegment } from '../storage/shard-name.js';
import { DeskError } from '../support/desk-error.js';

/**
 * The plaintext inside a `.deskbundle` (which is an age file of gzipped JSON: `age -d f | gunzip`
 * reads it with the standard tools).
 *
 * `format` is the bundle's own version, independent of the app's: a newer one is refused with a clear
 * message, an older one is migrated step by step (`BUNDLE_MIGRATIONS`). The records are the stores'
 * own records, so a bundle restores exactly what was exported.
 */
export const BUNDLE_FORMAT = 1;

/**
 * An id as the app makes them (`int_…`, `off_…`, a UUID, `salesforce-production`). A bundle's ids
 * become file names (`connections/<id>.json`, the vault's `integration-<id>`) and the ids the renderer
 * addresses records by (the contract's `idSchema`), so anything else is refused here, before the
 * preview: one integration id with a dot, imported, made every integrations list fail.
 */
const bundleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/)
  .refine(isValidSegment);

export const bundleIntegrationSchema = z.object({
  record: integrationRecordSchema.extend({ id: bundleIdSchema, offeringId: bundleIdSchema }),
  /** Absent when the integration had no secret stored (a draft saved without one). */
  clientSecret: z.string().optional(),
  /** Its Callback URL on the exporting machine (the preview compares it with the one it gets here). */
  callbackUrl: z.string(),
});

export const bundleConnectionSchema = z.object({
  record: connectionRecordSchema.extend({ id: bundleIdSchema, integrationId: bundleIdSchema }),
  refreshToken: z.string(),
  accessToken: z.string().optional(),
});

export const bundleDocSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  app: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  mode: z.enum(['configuration', 'move']),
  settings: settingsDocSchema,
  offerings: z.array(offeringRecordSchema.extend({ id: bundleIdSchema })),
  integrations: z.array(bundleIntegrationSchema),
  connections: z.array(bundleConnectionSchema),
}).superRefine((doc, ctx) => {
  // Each id once: two records under one id would be written as two records with the same id.
  const once = (ids: string[], path: (n: number) => Array<string | number>) => {
    const seen = new Set<string>();
    ids.forEach((id, n) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: 'Repeated id', path: path(n) });
      seen.add(id);
    });
  };
  once(doc.offerings.map((o) => o.id), (n) => ['offerings', n, 'id']);
  once(doc.integrations.map((i) => i.record.id), (n) => ['integrations', n, 'record', 'id']);
  once(doc.connections.map((c) => c.record.id), (n) => ['connections', n, 'record', 'id']);
});

export type BundleDoc = z.infer<typeof bundleDocSchema>;
export type BundleIntegration = z.infer<typeof bundleIntegrationSchema>;
export type BundleConnection = z.infer<typeof bundleConnectionSchema>;

/** `migrations[n]` turns a format n - 1 document into format n. */
export type BundleMigrations = Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>;

/**
 * No older format has been released yet: format 1 is the first. The table is where the step from
 * format N - 1 to N goes when the format changes; `readBundleDoc` runs every step in order.
 */
export const BUNDLE_MIGRATIONS: BundleMigrations = {};

/**
 * Parses decrypted, decompressed bundle JSON: refuses a newer format, migrates an older one, then
 * validates every record.
 */
export function readBundleDoc(
  text: string,
  context: { appVersion: string; migrations?: BundleMigrations; current?: number },
): { doc: BundleDoc; migratedFrom?: number } {
  const current = context.current ?? BUNDLE_FORMAT;
  const migrations = context.migrations ?? BUNDLE_MIGRATIONS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DeskError('VALIDATION', 'This file decrypted, but what it holds is not an Integrations Desk bundle.');
  }
  if (typeof raw !== 'object' || raw === null || typeof (raw as { format?: unknown }).format !== 'number') {
    throw new DeskError('VALIDATION', 'This file decrypted, but what it holds is not an Integrations Desk bundle.');
  }
  let doc = raw as Record<string, unknown> & { format: number };
  const from = doc.format;
  if (!Number.isInteger(from) || from < 1) throw new DeskError('VALIDATION', 'This bundle names a format that does not exist.');
  if (from > current) {
    const made = typeof (doc.app as { version?: unknown } | undefined)?.version === 'string' ? ` ${(doc.app as { version: string }).version}` : '';
    throw new DeskError(
      'CONFLICT',
      `This bundle was made by a newer Integrations Desk${made} (bundle format ${from}); this app (version ${context.appVersion}) reads formats up to ${current}. Update Integrations Desk here, then import it again. Nothing was changed.`,
    );
  }
  for (let n = from + 1; n <= current; n += 1) {
    const step = migrations[n];
    if (!step) throw new DeskError('INTERNAL', `No migration from bundle format ${n - 1} to ${n}.`);
    doc = { ...step(doc), format: n } as typeof doc;
  }
  const parsed = bundleDocSchema.safeParse(current === BUNDLE_FORMAT ? doc : { ...doc, format: BUNDLE_FORMAT });
  if (!parsed.success) {
    // The issue paths only: values could be secrets.
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(top)').join(', ');
    throw new DeskError('VALIDATION', `This bundle is damaged or incomplete (${where}). Nothing was changed.`);
  }
  const unsafe = parsed.data.offerings.map(unsafeUrlOf).find((problem) => problem !== undefined);
  if (unsafe) throw new DeskError('VALIDATION', `${unsafe} Nothing was changed.`);
  return { doc: parsed.data, ...(from < current ? { migratedFrom: from } : {}) };
}

/**
 * What is wrong with an offering's provider URLs, by the rule an offering entered here must pass
 * (`checkProviderUrl`: https, or http to a loopback host only). Sign-ins send client secrets and
 * tokens to these URLs: a hand-made bundle with `http://` to another host would have had them sent in
 * clear, and a "replace" would have sent the local connections' refresh tokens there too.
 */
function unsafeUrlOf(offering: OfferingRecord): string | undefined {
  const urls: Array<[string, string | undefined]> = [
    ['Login URL', offering.loginUrl],
    ['Issuer', offering.issuer],
    ['Authorization endpoint', offering.endpoints?.authorization],
    ['Token endpoint', offering.endpoints?.token],
    ['Revocation endpoint', offering.endpoints?.revocation],
    ['Userinfo endpoint', offering.endpoints?.userinfo],
    ['Introspection endpoint', offering.endpoints?.introspection],
  ];
  for (const [label, url] of urls) {
    if (url === undefined) continue;
    const checked = checkProviderUrl(url, label);
    if ('error' in checked) return `This bundle's offering "${offering.name}" cannot be imported: ${checked.error}.`;
  }
  return undefined;
}
