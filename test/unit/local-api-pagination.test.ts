import { describe, expect, it } from 'vitest';
import { ApiError } from '../../main/core/local-api/api-error.js';
import type { ConnectionFilter, ConnectionSource, ConnectionSummary } from '../../main/core/local-api/connection-source.js';
import { listConnections } from '../../main/core/local-api/connections-endpoint.js';

/** 250 connections, several sharing a `connectedAt` (ties must not lose or repeat rows across pages). */
function sourceOf(count: number): ConnectionSource & { row(id: string): ConnectionSummary | undefined } {
  const rows: ConnectionSummary[] = Array.from({ length: count }, (_, i) => ({
    connectionId: `con_${String(i).padStart(4, '0')}`,
    integrationId: 'int_a',
    userEmail: `user${i}@${i % 2 ? 'Acme' : 'globex'}.test`,
    userName: `User ${i}`,
    environment: i % 5 === 0 ? 'sandbox' : 'production',
    status: i % 7 === 0 ? 'expired' : 'connected',
    connectedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000).toISOString(),
    lastActiveAt: new Date(Date.UTC(2026, 0, 2)).toISOString(),
  }));
  return {
    list(_integrationId: string, filter: ConnectionFilter) {
      const needle = filter.search?.toLowerCase();
      return rows.filter(
        (r) =>
          (!filter.status || r.status === filter.status) &&
          (!filter.environment || r.environment === filter.environment) &&
          (!needle || r.userEmail.toLowerCase().includes(needle)),
      );
    },
    get: (id) => rows.find((r) => r.connectionId === id),
    row: (id) => rows.find((r) => r.connectionId === id),
    credentialsFor: () => Promise.reject(new Error('unused')),
    refresh: () => Promise.reject(new Error('unused')),
  };
}

const walk = (source: ConnectionSource, query: string): { ids: string[]; pages: number; totals: number[] } => {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const page = listConnections(source, 'int_a', params);
    ids.push(...page.connections.map((c) => c.connectionId));
    totals.push(page.totalCount);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages, totals };
};

describe('connection list paging', () => {
  it('defaults to 20 per page and walks every connection exactly once, newest first', () => {
    const source = sourceOf(250);
    const { ids, pages, totals } = walk(source, '');
    expect(pages).toBe(13);
    expect(new Set(ids).size).toBe(250);
    expect(totals.every((t) => t === 250)).toBe(true);
    const order = ids.map((id) => source.row(id)!.connectedAt);
    expect([...order].sort().reverse()).toEqual(order);
  });

  it('caps limit at 100 and filters before paging (totalCount counts the matches)', () => {
    const source = sourceOf(250);
    expect(walk(source, 'limit=100').pages).toBe(3);
    const acme = walk(source, 'search=acme&limit=7');
    expect(acme.ids).toHaveLength(125);
    expect(acme.totals[0]).toBe(125);
    const sandboxExpired = walk(source, 'environment=sandbox&status=expired');
    expect(sandboxExpired.ids.every((id) => source.row(id)!.environment === 'sandbox' && source.row(id)!.status === 'expired')).toBe(true);
    expect(() => listConnections(source, 'int_a', new URLSearchParams('limit=101'))).toThrow(ApiError);
  });

  it('keeps its place when a connection is added between pages', () => {
    const source = sourceOf(40);
    const first = listConnections(source, 'int_a', new URLSearchParams('limit=10'));
    // A newer connection arrives: an offset cursor would now repeat a row on the next page.
    const grown: ConnectionSource = {
      ...source,
      list: (id, filter) => [
        { ...source.row('con_0000')!, connectionId: 'con_new', connectedAt: '2030-01-01T00:00:00.000Z' },
        ...source.list(id, filter),
      ],
    };
    const second = listConnections(grown, 'int_a', new URLSearchParams({ limit: '10', cursor: first.nextCursor! }));
    const seen = new Set(first.connections.map((c) => c.connectionId));
    expect(second.connections.some((c) => seen.has(c.connectionId))).toBe(false);
    expect(second.connections).toHaveLength(10);
  });

  it('refuses a forged cursor', () => {
    for (const cursor of ['abc', Buffer.from('[2,"x","y"]').toString('base64url'), 'a.b', 'x'.repeat(600)]) {
      expect(() => listConnections(sourceOf(3), 'int_a', new URLSearchParams({ cursor }))).toThrow(ApiError);
    }
  });
});
