import { Readable, type Writable } from 'node:stream';
import { errors, type Dispatcher } from 'undici';
import { UpstreamTimeoutError, type UpstreamAnswer } from './upstream-transport.js';

/** Where the body goes once someone wants it: the client's response, a `Readable`, or nowhere. */
interface Sink {
  /** False: stop reading upstream until `resume()` is called. */
  write(chunk: Buffer): boolean;
  end(): void;
  fail(error: Error): void;
}

/** How much of a body may wait here for its reader before upstream reads are paused. */
const BUFFERED_MAX = 64 * 1024;
/** How much of a discarded body is read (so the socket is reused) before the socket is given up instead. */
const DISCARD_MAX = 128 * 1024;

/**
 * One upstream request's undici dispatch handler, which is also its answer.
 *
 * Why not `Agent.request()`: measured with `bench/local-api.bench.ts`, its `AsyncResource`, its body
 * `Readable` and the `pipe` into the client's response were a large share of the proxy's CPU per
 * request. With `dispatch` (undici's supported handler API), the status and headers resolve `ready`
 * (which rejects with `UpstreamTimeoutError` when undici's connect or headers deadline passes), and
 * the body goes straight into the client's response (`writeTo`), with back-pressure: a chunk the
 * response will not take pauses the upstream read until the response drains. The body arrives with
 * the headers most of the time, so it is kept here (at most 64 KiB, then reads pause) until the proxy
 * has written the status line. `body` is the same data as a `Readable`, made only if asked for.
 *
 * Timeouts are undici's (`headersTimeout`/`bodyTimeout`); an error after the headers ends whatever
 * the body was going to (the client's socket is destroyed: a truncated answer never looks complete).
 *
 * It implements the handler methods undici itself calls (`onConnect`, `onHeaders`, `onData`,
 * `onComplete`, `onError`; undici 7 marks them deprecated in favour of `onRequestStart`…, which it
 * serves by wrapping such a handler in an adapter per request). Measured with the benchmark, the
 * adapter's controller and its parsing of every response header (and trailer) into an object were
 * ≈ 3% of the proxy's CPU; the proxy reads five or six headers, found here in the raw list (undici is
 * pinned, and its tests in `local-api-pooled-answer.test.ts` pin this contract).
 */
export class PooledAnswer implements Dispatcher.DispatchHandler, UpstreamAnswer {
  status = 0;
  readonly ready: Promise<PooledAnswer>;
  /** The answer's headers as undici read them: name, value, name, value… (Buffers). */
  #rawHeaders: ReadonlyArray<Buffer | string> = [];
  #abortRequest: ((error: Error) => void) | undefined;
  #aborted = false;
  /** Resumes undici's read of this answer after `onData` (or `onHeaders`) answered false. */
  #resumeRead: (() => void) | undefined;
  #paused = false;
  #settle!: { resolve(answer: PooledAnswer): void; reject(error: Error): void };
  #started = false;
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  /** Whether what arrived was handed on (or dropped) already. */
  #taken = false;
  #ended = false;
  #error: Error | undefined;
  #sink: Sink | undefined;
  #body: Readable | undefined;

  constructor() {
    this.ready = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
  }

  /** A header's value by its lower-case name (repeated headers joined with ", "), as Node's parser would give it. */
  header(name: string): string | undefined {
    const raw = this.#rawHeaders;
    let value: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (!sameHeaderName(raw[i]!, name)) continue;
      const found = raw[i + 1]!.toString('latin1');
      value = value === undefined ? found : `${value}, ${found}`;
    }
    return value;
  }

  /**
   * The body's length when all of it has arrived and is still here (nothing taken, nothing failed),
   * else undefined: the proxy then answers with a Content-Length even when upstream sent the body
   * chunked. Valid until the body is taken (`writeTo`, `body`, `discard`).
   */
  arrivedLength(): number | undefined {
    return this.#ended && !this.#error && !this.#taken ? this.#bufferedBytes : undefined;
  }

  /** The body as a stream (made on first use; the proxy itself uses `writeTo`). */
  get body(): Readable {
    if (!this.#body) {
      const body = new Readable({ read: () => this.#resume() });
      this.#body = body;
      body.once('close', () => {
        if (!this.#ended && !this.#error) this.#abort(new Error('upstream body closed early'));
      });
      this.#attach({ write: (chunk) => body.push(chunk), end: () => body.push(null), fail: (error) => body.destroy(error) });
    }
    return this.#body;
  }

  /**
   * Writes the body into `destination` and ends it; resolves once all of it was handed over (or the
   * destination closed first: then upstream is aborted, and its socket not reused). Undefined, not a
   * promise, when that happened at once (nothing for the caller to wait for).
   */
  writeTo(destination: Writable): Promise<void> | undefined {
    if (this.#ended && !this.#error) {
      // The common case: the whole body is already here (at most ~64 KiB: reads pause beyond that).
      // One `end` with all of it, so Node writes the status line, the headers and the body in one
      // system call; a `write` per chunk costs a system call each once the headers are out.
      const chunks = this.#take();
      destination.end(chunks.length > 1 ? Buffer.concat(chunks) : chunks[0]);
      return undefined;
    }
    if (destination.destroyed) {
      this.#abort(new Error('client went away'));
      return undefined;
    }
    return new Promise((resolve, reject) => {
      let gone = false;
      const onClose = () => {
        // Settled first: the abort comes back as an upstream error, which is not the client's concern.
        gone = true;
        resolve();
        if (!this.#ended && !this.#error) this.#abort(new Error('client went away'));
      };
      destination.once('close', onClose);
      this.#attach({
        write: (chunk) => {
          if (destination.write(chunk)) return true;
          destination.once('drain', () => this.#resume());
          return false;
        },
        end: () => {
          destination.off('close', onClose);
          destination.end();
          resolve();
        },
        fail: (error) => {
          if (gone) return;
          destination.off('close', onClose);
          destination.destroy();
          reject(error);
        },
      });
    });
  }

  /** Reads and drops the body so the socket can be reused (a 401 about to be retried, a bodiless answer). */
  discard(): Promise<void> {
    if (this.#ended || this.#error) {
      this.#take();
      return Promise.resolve();
    }
    let dropped = 0;
    return new Promise((resolve) => {
      this.#attach({
        write: (chunk) => {
          dropped += chunk.length;
          if (dropped > DISCARD_MAX) this.#abort(new Error('discarded body too large'));
          return true;
        },
        end: resolve,
        fail: () => resolve(),
      });
    });
  }

  // --- undici's handler API (the methods its core calls) ---

  onConnect(abort: (error?: Error) => void): void {
    this.#abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // An informational answer (103 Early Hints…) is not the answer: wait for the final one.
    if (statusCode < 200) return true;
    this.#resumeRead = resume;
    this.#started = true;
    this.status = statusCode;
    this.#rawHeaders = rawHeaders;
    this.#settle.resolve(this);
    return !this.#paused;
  }

  /** False: undici stops reading this answer until `#resume()`. */
  onData(chunk: Buffer): boolean {
    if (this.#sink) {
      if (!this.#sink.write(chunk)) this.#paused = true;
    } else {
      this.#buffered.push(chunk);
      this.#bufferedBytes += chunk.length;
      if (this.#bufferedBytes > BUFFERED_MAX) this.#paused = true;
    }
    return !this.#paused;
  }

  onComplete(): void {
    this.#ended = true;
    this.#sink?.end();
  }

  onError(error: Error): void {
    if (this.#ended || this.#error) return;
    this.#error = error;
    if (!this.#started) this.#settle.reject(isDeadline(error) ? new UpstreamTimeoutError() : error);
    else this.#sink?.fail(error);
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#resumeRead?.();
  }

  #abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortRequest?.(reason);
  }

  /** Hands what arrived so far to `sink`, then everything after it; paused reads resume. */
  #attach(sink: Sink): void {
    if (this.#sink) throw new Error('The upstream body was already taken.');
    this.#sink = sink;
    let open = true;
    for (const chunk of this.#take()) open = sink.write(chunk) && open;
    if (this.#error) sink.fail(this.#error);
    else if (this.#ended) sink.end();
    else if (open) this.#resume();
    else this.#paused = true;
  }

  #take(): Buffer[] {
    this.#taken = true;
    const chunks = this.#buffered;
    this.#buffered = [];
    this.#bufferedBytes = 0;
    return chunks;
  }
}

/** Whether undici gave up waiting: for a connection, or for the answer's headers (the transport's `UpstreamTimeoutError`). */
function isDeadline(error: Error): boolean {
  return error instanceof errors.HeadersTimeoutError || error instanceof errors.ConnectTimeoutError;
}

/** Whether a raw header name is `lower` (a lower-case name of letters, digits and dashes), ignoring case. */
function sameHeaderName(raw: Buffer | string, lower: string): boolean {
  if (raw.length !== lower.length) return false;
  if (typeof raw === 'string') return raw.toLowerCase() === lower;
  for (let i = 0; i < lower.length; i += 1) {
    const want = lower.charCodeAt(i);
    const got = raw[i]!;
    // 'A'–'Z' read as 'a'–'z'; anything else must be the very byte.
    if (got !== want && !(got >= 0x41 && got <= 0x5a && got + 0x20 === want)) return false;
  }
  return true;
}
