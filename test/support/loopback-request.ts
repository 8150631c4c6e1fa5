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
