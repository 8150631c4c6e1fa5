import type { ServerResponse } from 'node:http';

export interface EventStream {
  add(res: ServerResponse): void;
  /** Sends one frame to every client; a client that does not read is dropped instead. */
  broadcast(frame: string): void;
  size(): number;
  closeAll(): void;
}

/** Bytes a client may leave unread before it is dropped: a page reads events within milliseconds. */
export const MAX_UNREAD_BYTES = 256 * 1024;

/**
 * Server-Sent Events to every open page, with backpressure.
 *
 * A client that stops reading (a suspended tab, or a local process that opened the stream to exhaust
 * memory) would otherwise make the server buffer every later event for it without bound. Once its
 * unread output passes `MAX_UNREAD_BYTES` its socket is closed; a page that was only slow reconnects
 * (EventSource does so by itself) and reloads its data.
 */
export function createEventStream(maxUnread = MAX_UNREAD_BYTES): EventStream {
  const clients = new Set<ServerResponse>();
  const drop = (res: ServerResponse) => {
    clients.delete(res);
    res.destroy();
  };
  return {
    add(res) {
      clients.add(res);
      res.once('close', () => clients.delete(res));
    },
    broadcast(frame) {
      for (const client of clients) {
        if (client.writableLength > maxUnread) drop(client);
        else client.write(frame);
      }
    },
    size: () => clients.size,
    closeAll() {
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
