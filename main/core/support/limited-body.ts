import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body of at most `limit` bytes, or reports `'too-large'` without reading further.
 *
 * The request is not destroyed: destroying it resets the connection before the client can read the
 * 413 it is owed. The caller answers with `Connection: close`, and whatever the client still sends is
 * discarded until the socket closes. Shared by browser mode's server and the local API. Plain listeners
 * rather than `for await`: an async iterator per request is measurable at load.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
