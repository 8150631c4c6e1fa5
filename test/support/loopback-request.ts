import http from 'node:http';

export interface LoopbackReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request to a loopback server, with full control of `Host` (browser mode answers only to its
 * `desk-….localhost` name, which Node's resolver does not know: the socket goes to 127.0.0.1 and the
 * name travels in `Host`, as a browser sends it). Never leaves the machine.
 */
export function loopbackRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; address?: '127.0.0.1' | '::1' } = {},
): Promise<LoopbackReply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.address ?? '127.0.0.1',
        port: Number(target.port),
        method: options.method ?? 'GET',
        path: target.pathname + target.search,
        headers: { host: target.host, ...options.headers },
        // A connection of its own, closed after the answer: no pooled socket outlives a test's server.
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `loopbackRequest` with the answer's headers as WHATWG `Headers`, as a `fetch` answer has them. */
export async function loopbackFetch(
  url: string,
  options: Parameters<typeof loopbackRequest>[1] = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const reply = await loopbackRequest(url, options);
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) if (typeof value === 'string') headers.set(name, value);
  return { status: reply.status, headers, body: reply.body };
}
