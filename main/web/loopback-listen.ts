import type http from 'node:http';
import type { AddressInfo } from 'node:net';

const IPV6_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

/**
 * Listens on the same port on 127.0.0.1 and, where the machine has IPv6, on [::1].
 *
 * Why both: browsers resolve `*.localhost` to [::1] first. If only 127.0.0.1 were ours, another local
 * user could bind [::1] on the same port and receive the browser's requests, session cookie included.
 * A port that is free on one address but taken on the other is given up (a chosen port fails; a random
 * one is drawn again).
 */
export async function listenOnLoopback(servers: [http.Server, http.Server], port: number): Promise<number> {
  const [v4, v6] = servers;
  for (let attempt = 0; ; attempt += 1) {
    const bound = await listen(v4, port, '127.0.0.1');
    try {
      await listen(v6, bound, '::1');
      return bound;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (IPV6_UNAVAILABLE.has(code)) return bound;
      await new Promise<void>((resolve) => v4.close(() => resolve()));
      if (port !== 0 || attempt >= 4) {
        throw Object.assign(new Error(`Port ${bound} is taken on [::1] by another program.`), { code: 'EADDRINUSE' });
      }
    }
  }
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
