import { DeskError } from '../../support/desk-error.js';

/**
 * A page boundary of a merged trail: for each stream, the sequence number below which the next page
 * starts (exclusive). Opaque to the renderer (base64url JSON); a tampered cursor is refused, never trusted.
 */
export type ActivityCursor = Record<string, number>;

export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, b: cursor })).toString('base64url');
}

export function decodeCursor(text: string | undefined): ActivityCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: unknown; b?: unknown };
    if (parsed.v !== 1 || typeof parsed.b !== 'object' || parsed.b === null) throw new Error('shape');
    const out: ActivityCursor = {};
    for (const [stream, value] of Object.entries(parsed.b as Record<string, unknown>)) {
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error('value');
      out[stream] = value as number;
    }
    return out;
  } catch {
    throw new DeskError('VALIDATION', 'That page of the activity is not valid any more: reload the activity.');
  }
}
