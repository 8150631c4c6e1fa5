import { z } from 'zod';
import { idSchema } from './schemas.js';

/**
 * Runtime schemas for the bundle calls; main parses every payload with these first.
 *
 * The passphrase is bounded and never echoed: a validation message names the field, not the value.
 */

export const bundlePassphraseSchema = z
  .string({ error: 'Enter a passphrase' })
  .min(1, 'Enter a passphrase')
  .max(1024, 'The passphrase is too long');

/** A new passphrase: long enough to resist guessing (age's scrypt slows each guess, it does not stop them). */
const newPassphraseSchema = z
  .string({ error: 'Enter a passphrase' })
  .min(10, 'Use at least 10 characters')
  .max(1024, 'The passphrase is too long');

const operationIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a valid operation id');

const selectionSchema = z.object({
  /** Empty means every integration. */
  integrationIds: z.array(idSchema).max(100_000),
  mode: z.enum(['configuration', 'move']),
});

export const exportPlanSchema = selectionSchema;

export const exportBundleSchema = selectionSchema
  .extend({
    passphrase: newPassphraseSchema,
    confirmPassphrase: z.string().max(1024),
    operationId: operationIdSchema,
    /**
     * `dialog`: main asks where to save (Electron's save dialog) and writes the file itself.
     * `download`: main returns the encrypted bytes for the page to download (browser mode).
     */
    delivery: z.enum(['dialog', 'download']),
  })
  .refine((v) => v.passphrase === v.confirmPassphrase, { message: 'The passphrases do not match', path: ['confirmPassphrase'] });

/** ~1 MiB of base64: the browser-mode server reads request bodies up to 1 MiB. */
const uploadSchema = z.object({
  fileName: z.string().min(1).max(255),
  data: z.string().min(1).max(1_048_000).regex(/^[A-Za-z0-9+/=]+$/, 'Not a bundle file'),
});

export const previewBundleSchema = z.object({
  source: z.union([
    z.object({ fileId: idSchema }),
    z.object({ upload: uploadSchema }),
    z.object({ backup: z.string().min(1).max(255).regex(/^[A-Za-z0-9._-]+$/, 'Not a backup file') }),
  ]),
  passphrase: bundlePassphraseSchema,
  operationId: operationIdSchema,
});

export const applyBundleSchema = z.object({
  previewId: idSchema,
  /** Per conflicting integration (by its bundle id); a conflict without a choice is kept as it is here. */
  choices: z.record(idSchema, z.enum(['keep', 'replace', 'keep-both'])),
  applySettings: z.boolean(),
  operationId: operationIdSchema,
});

export const previewIdSchema = z.object({ previewId: idSchema });

export const configureBackupsSchema = z
  .object({
    enabled: z.boolean(),
    folder: z.string().trim().max(4096).optional(),
    keep: z.number().int('Use a whole number').min(1, 'Keep at least 1').max(365, 'Keep at most 365'),
    /** Set or change the backups' passphrase; omitted keeps the one saved. */
    passphrase: newPassphraseSchema.optional(),
    confirmPassphrase: z.string().max(1024).optional(),
  })
  .refine((v) => v.passphrase === undefined || v.passphrase === v.confirmPassphrase, {
    message: 'The passphrases do not match',
    path: ['confirmPassphrase'],
  });
