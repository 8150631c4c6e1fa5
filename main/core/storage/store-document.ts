import type { z } from 'zod';

/** Conf's reserved key; the store keeps its schema version there, beside the document's own fields. */
export const INTERNAL_KEY = '__internal__';

/**
 * Turns a document stored at version n - 1 into version n; `migrations[n]` is that step.
 *
 * Old documents are untyped by nature: a migration reads what it needs and returns a plain object.
 */
export type StoreMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

export interface DocumentSpec<T> {
  schema: z.ZodType<T>;
  version: number;
  migrations: Readonly<Record<number, StoreMigration>>;
}

export type DecodeResult<T> =
  | { kind: 'ok'; doc: T; migratedFrom?: number }
  | { kind: 'invalid'; reason: string }
  | { kind: 'newer'; version: number };

/**
 * Parse, migrate and validate a stored document.
 *
 * Pure (no I/O) so the store can apply it to the main file and to its backup alike. Reasons describe
 * the fault without quoting the file: V8's JSON errors include a snippet of the text, and the file may
 * be a vault shard.
 */
export function decodeDocument<T>(text: string, spec: DocumentSpec<T>): DecodeResult<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: text.trim() === '' ? 'the file is empty' : 'the file is not valid JSON' };
  }
  if (!isPlainObject(parsed)) return { kind: 'invalid', reason: 'the file does not hold a JSON object' };

  const { [INTERNAL_KEY]: internal, ...rest } = parsed;
  const stored = internal === undefined ? 1 : isPlainObject(internal) ? internal.version : undefined;
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1) {
    return { kind: 'invalid', reason: 'the file has an unreadable version marker' };
  }
  if (stored > spec.version) return { kind: 'newer', version: stored };

  let doc: Record<string, unknown> = rest;
  for (let target = stored + 1; target <= spec.version; target += 1) {
    const step = spec.migrations[target];
    try {
      const next: unknown = step?.(doc);
      if (!isPlainObject(next)) return { kind: 'invalid', reason: `the migration to version ${target} did not return an object` };
      doc = next;
    } catch (error) {
      const kind = error instanceof Error ? error.name : 'error';
      return { kind: 'invalid', reason: `the migration to version ${target} failed (${kind})` };
    }
  }

  const result = spec.schema.safeParse(doc);
  if (!result.success) return { kind: 'invalid', reason: `the content does not match the schema: ${describeIssues(result.error)}` };
  return stored < spec.version ? { kind: 'ok', doc: result.data, migratedFrom: stored } : { kind: 'ok', doc: result.data };
}

/**
 * Summarise schema issues by path and message; zod's messages name expected and received types, not values.
 */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** Whether a value is a non-null, non-array object (what JSON calls an object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
