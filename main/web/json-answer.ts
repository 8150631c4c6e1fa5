import type { ServerResponse } from 'node:http';

/** Rows serialised and written at a time: small enough that each piece is short-lived young garbage. */
const ROWS_PER_PIECE = 200;

/**
 * Writes a contract answer whose value is a long list in pieces, never as one string.
 *
 * Issue 15: `connections.list {}` at 100,000 connections is a 44 MB answer; as one `JSON.stringify`
 * it was one 44 MB string (kept by the heap until its next full collection, and copied once more into
 * the socket's buffer). Here each piece of rows is serialised and written in turn, waiting for the
 * socket to drain, so no piece outlives its write. The bytes are exactly those of
 * `JSON.stringify(answer)`; without a `Content-Length`, Node sends them chunked. Returns false (and
 * writes nothing) when the answer has no such list: the caller sends it whole.
 */
export async function sendListAnswer(res: ServerResponse, answer: unknown, headers: Record<string, string>): Promise<boolean> {
  if (typeof answer !== 'object' || answer === null || !('value' in answer)) return false;
  const rows = (answer as { value: unknown }).value;
  if (!Array.isArray(rows) || rows.length <= ROWS_PER_PIECE) return false;

  // The answer around its list, exactly as JSON.stringify writes it (the marker is one JSON string).
  const marker = JSON.stringify('\u0000rows\u0000');
  const [before, after] = JSON.stringify({ ...answer, value: JSON.parse(marker) as string }).split(marker) as [string, string];
  res.writeHead(200, headers);
  // The client may have gone already (while the call ran): then nothing waits for a drain.
  const closed = new Promise<false>((resolve) => (res.destroyed ? resolve(false) : res.once('close', () => resolve(false))));
  let text = `${before}[`;
  for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
    // A slice's JSON is its rows joined by commas (undefined and functions become null, as in a list).
    const piece = JSON.stringify(rows.slice(start, start + ROWS_PER_PIECE));
    text += `${start > 0 ? ',' : ''}${piece.slice(1, -1)}`;
    if (!res.write(text)) {
      // Wait for the socket to take it; a client that went away ends the answer.
      const drained = new Promise<true>((resolve) => res.once('drain', () => resolve(true)));
      if (!(await Promise.race([drained, closed]))) return true;
    }
    text = '';
  }
  res.end(`]${after}`);
  return true;
}
