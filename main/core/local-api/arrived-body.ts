import type { IncomingMessage } from 'node:http';

/**
 * The request's body when all of it has already arrived, taken in one `read()`; otherwise undefined
 * and nothing taken (the caller then reads it as a stream).
 *
 * "All of it" means the client declared a `Content-Length` and exactly that many bytes are buffered:
 * Node's parser never hands a message more bytes than it declared, so nothing of it is still to come.
 * A client's small request usually arrives in one packet with its headers, and by the first microtask
 * after the request handler Node has buffered its body (the end of the message is parsed a moment
 * later): one `read()` then replaces the `data` / `end` listeners, the `resume`, the two ticks of
 * stream events and the promise of a streamed read — measurable per proxied request.
 */
export function arrivedBody(req: IncomingMessage): Buffer | undefined {
  const declared = req.headers['content-length'];
  if (declared === undefined || req.readableFlowing || req.destroyed) return undefined;
  const length = Number(declared);
  if (!(length > 0) || req.readableLength !== length) return undefined;
  const body = req.read() as Buffer | null;
  if (body === null) return undefined;
  if (body.length === length) return body;
  // Not what was declared after all (cannot happen with Node's parser): put it back for the stream read.
  req.unshift(body);
  return undefined;
}
