import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Integration } from '../../../preload/contract/models.js';
import { formatCount, formatDateTime, formatRelative } from '../lib/format.js';
import type { RowAttention } from '../stores/attention-store.js';
import { StatusBadge } from './status-badge.js';

export type SortKey = 'name' | 'offering' | 'status' | 'connections' | 'lastActivity';
export interface SortState {
  key: SortKey;
  direction: 'asc' | 'desc';
}

const ROW_HEIGHT = 60;
const HEADER_HEIGHT = 38;

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'Name' },
  { key: 'offering', label: 'Offering' },
  { key: 'status', label: 'Status' },
  { key: 'connections', label: 'Connections', numeric: true },
  { key: 'lastActivity', label: 'Last activity' },
];

interface IntegrationGridProps {
  rows: Integration[];
  /** Each row's sub-status ("Draft · credentials rejected", "2 of 3 connections healthy"). */
  attention: ReadonlyMap<string, RowAttention>;
  sort: SortState;
  onSort(sort: SortState): void;
  /** Arrow Up on the first row: back to the search box. */
  onExitTop(): void;
}

/**
 * The integrations as an ARIA grid with virtualised rows (@tanstack/react-virtual).
 *
 * One row is in the tab order at a time (roving tabindex); arrows, Page Up/Down, Home and End move
 * between rows, scrolling the virtualiser, and Enter or a click opens the integration. `aria-rowcount`
 * and `aria-rowindex` tell assistive technology the full size of the list although only the visible
 * rows exist in the DOM.
 */
export function IntegrationGrid({ rows, attention, sort, onSort, onExitTop }: IntegrationGridProps) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | undefined>(undefined);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  // Keep the active row inside the list when a search narrows it.
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const tabbable = items.some((v) => v.index === activeIndex) ? activeIndex : (items[0]?.index ?? 0);

  useEffect(() => {
    const target = pendingFocus.current;
    if (target === undefined) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"]`);
    if (row) {
      pendingFocus.current = undefined;
      row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const index = Number(target.dataset.index);
    if (!Number.isInteger(index)) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => (index === 0 ? onExitTop() : moveTo(index - 1)),
      PageDown: () => moveTo(index + page),
      PageUp: () => moveTo(index - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => void navigate(`/oauth/${rows[index]!.id}`),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const toggleSort = (key: SortKey) =>
    onSort({ key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : key === 'lastActivity' || key === 'connections' ? (sort.key === key ? 'asc' : 'desc') : 'asc' });

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label="Integrations"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          {COLUMNS.map((c, i) => (
            <div
              key={c.key}
              role="columnheader"
              aria-colindex={i + 1}
              aria-sort={sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              className={c.numeric ? 'grid-cell numeric' : 'grid-cell'}
            >
              <button type="button" className="sort-button" onClick={() => toggleSort(c.key)}>
                {c.label}
                <span className="sort-indicator" aria-hidden="true">
                  {sort.key === c.key ? (sort.direction === 'asc' ? '↑' : '↓') : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = rows[v.index]!;
          return (
            <div
              key={row.id}
              role="row"
              aria-rowindex={v.index + 2}
              data-index={v.index}
              data-integration-id={row.id}
              tabIndex={v.index === tabbable ? 0 : -1}
              className="grid-row"
              style={{ transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT }}
              onClick={() => void navigate(`/oauth/${row.id}`)}
              onFocus={() => setActive(v.index)}
            >
              <div role="gridcell" aria-colindex={1} className="grid-cell name-cell">
                <span className="row-name">{row.name}</span>
              </div>
              <div role="gridcell" aria-colindex={2} className="grid-cell muted-cell">
                {row.offeringName}
              </div>
              <div role="gridcell" aria-colindex={3} className="grid-cell status-cell">
                <StatusBadge status={row.status} />
                {attention.get(row.id) && (
                  <span className={attention.get(row.id)!.needsAttention ? 'row-sub attention' : 'row-sub'}>{attention.get(row.id)!.text}</span>
                )}
              </div>
              <div role="gridcell" aria-colindex={4} className="grid-cell numeric">
                {formatCount(row.connectionCount)}
              </div>
              <div role="gridcell" aria-colindex={5} className="grid-cell muted-cell">
                {row.lastActivityAt ? (
                  <time dateTime={row.lastActivityAt} title={formatDateTime(row.lastActivityAt)}>
                    {formatRelative(row.lastActivityAt)}
                  </time>
                ) : (
                  '—'
                )}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
