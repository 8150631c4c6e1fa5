import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DeskError } from '../support/desk-error.js';
import { capConnections, LOCAL_API_LIMITS, serverOptionsFor, type ServerLimits } from './server-limits.js';

export const LOCAL_API_HOST = '127.0.0.1';

export interface RunningLocalApi {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Binds the local API to 127.0.0.1 only.
 *
 * Never `0.0.0.0` or `localhost`: the API hands out live access tokens, so it must not be reachable
 * from the network, and `localhost` may resolve to `::1` on one machine and 127.0.0.1 on another. A
 * taken port is reported as PORT_IN_USE with nothing left listening. Sockets are capped and a client
 * must send its request within short timeouts (`server-limits.ts`).
 */
export function listenLocalApi(
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  limits: ServerLimits = LOCAL_API_LIMITS,
): Promise<RunningLocalApi> {
  const server = createServer(serverOptionsFor(limits), handler);
  capConnections(server, limits);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new DeskError('PORT_IN_USE', `Port ${port} on ${LOCAL_API_HOST} is in use by another program (or not allowed): choose another port for the local API.`));
      } else {
        reject(new DeskError('INTERNAL', `The local API could not listen on port ${port} (${error.code ?? 'unknown error'}).`));
      }
    });
    server.listen({ host: LOCAL_API_HOST, port, backlog: 1024 }, () => {
      const bound = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        port: bound,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold `close` open; in-flight requests are cut short, which
            // is what turning the API off means.
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}
