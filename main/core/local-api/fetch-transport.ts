import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UpstreamTimeoutError, type UpstreamAnswer, type UpstreamTransport } from './upstream-transport.js';

/**
 * The proxy's upstream through an injected `fetch`: Chromium's `net.fetch` in the desktop app when a
 * system proxy applies (see `upstream-transport.ts`), or a test's observing wrapper.
 *
 * The deadline is a timer raced against the headers, then re-armed while the body streams, not an
 * `AbortSignal`: with a signal, Node 20's fetch registers every request for clean-up with a
 * FinalizationRegistry and `AbortSignal.timeout()` adds a weakly held timer; measured, that nearly
 * doubled the proxy's CPU per request. The price: a request past the deadline is answered at once but
 * left to the fetch's own timeouts to close, which only happens when Salesforce hangs.
 */
export function createFetchTransport(fetchFn: typeof fetch): UpstreamTransport {
  return {
    async send(request): Promise<UpstreamAnswer> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new UpstreamTimeoutError()), request.timeoutMs);
      });
      const pending = fetchFn(`${request.origin}${request.target}`, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual' });
      let response: Response;
      try {
        response = await Promise.race([pending, expired]);
      } catch (error) {
        // Free the connection if the answer turns up after all.
        if (error instanceof UpstreamTimeoutError) pending.then((late) => late.body?.cancel().catch(() => undefined), () => undefined);
        throw error;
      } finally {
        clearTimeout(timer);
      }
      const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
      // The same deadline between two chunks of the body, as the pooled transport's `bodyTimeout`.
      let idle: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => body.destroy(new UpstreamTimeoutError()), request.timeoutMs);
      };
      if (response.body) {
        arm();
        body.on('data', arm);
        body.once('close', () => clearTimeout(idle));
      }
      return {
        status: response.status,
        header: (name) => response.headers.get(name) ?? undefined,
        body,
        async discard() {
          clearTimeout(idle);
          body.destroy();
        },
      };
    },
    close: async () => undefined,
  };
}
