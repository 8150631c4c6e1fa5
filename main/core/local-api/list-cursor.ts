import { badRequest } from './api-error.js';

/** Where a page ended: the last connection's `connectedAt` and id (the list's sort key). */
export interface CursorPosition {
  connectedAt: string;
  connectionId: string;
}

/**
 * Encodes a page position as an opaque cursor.
 *
 * A position (keyset) rather than an offset: a connection added or removed between two pages does not
 * shift the next page, so nothing is skipped or listed twice. Clients must treat it as opaque.
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([1, position.connectedAt, position.connectionId]), 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; anything else is a 400. */
export function decodeCursor(cursor: string): CursorPosition {
  const invalid = badRequest('invalid_cursor', 'The cursor is not one this API returned. Start again without a cursor.');
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 1) throw invalid;
  const [, connectedAt, connectionId] = parsed as unknown[];
  if (typeof connectedAt !== 'string' || typeof connectionId !== 'string') throw invalid;
  return { connectedAt, connectionId };
}

/** The list's order: newest first, then by id, so the order is total and a position is unambiguous. */
export function compareConnections(a: CursorPosition, b: CursorPosition): number {
  if (a.connectedAt !== b.connectedAt) return a.connectedAt < b.connectedAt ? 1 : -1;
  return a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0;
}
