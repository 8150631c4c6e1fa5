import { useVirtualizer } from '@tanstack/react-virtual';
import { DropdownMenu } from 'radix-ui';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Connection } from '../../../../preload/contract/connection-models.js';
import { ConnectionStatusBadge } from '../../components/connection-status-badge.js';
import { AlertIcon, BanIcon, LogInIcon, MoreIcon, RefreshIcon, Spinner, StethoscopeIcon, TrashIcon } from '../../components/icons.js';
import { EXPIRY_SOURCE_WORDS, statusWords } from '../../lib/connection-words.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

export type RowAction = 'test' | 'refresh' | 'reauthorize' | 'revoke' | 'delete';

/** A first guess; rows wrap (identity is shown in full), so each is measured once rendered. */
const ROW_HEIGHT = 72;
const HEADER_HEIGHT = 38;

const COLUMNS = ['User', 'Org', 'Status', 'Activity', 'Expires'] as const;

interface ConnectionTableProps {
  rows: Connection[];
  /** A connection to bring into view and mark (from `?connection=` or a sign-in that just finished). */
  highlightId?: string;
  /** Row actions that start something (a sign-in, a refresh) wait for it: their rows show busy. */
  busyIds: ReadonlySet<string>;
  onAction(action: RowAction, connection: Connection): void;
}

/**
 * The connections as a table with virtualised rows (@tanstack/react-virtual): only the visible rows
 * exist in the DOM, and `aria-rowcount` / `aria-rowindex` tell assistive technology the full size.
 *
 * Each row has its main action as a button (Test, or Reauthorize when the connection needs it) and the
 * rest in a menu (Radix DropdownMenu, keyboard-operable). Relative times are re-read every 30 seconds.
 */
export function ConnectionTable({ rows, highlightId, busyIds, onAction }: ConnectionTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(30_000);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    initialRect: { width: 1000, height: 600 },
    getItemKey: (index) => rows[index]!.id,
    // A row measured as 0 (not laid out yet, or a DOM without layout) keeps the estimate.
    measureElement: (element) => element.getBoundingClientRect().height || ROW_HEIGHT,
  });

  const highlightIndex = highlightId ? rows.findIndex((r) => r.id === highlightId) : -1;
  useEffect(() => {
    if (highlightIndex >= 0) virtualizer.scrollToIndex(highlightIndex, { align: 'auto' });
  }, [highlightIndex, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="conn-table"
      role="table"
      aria-label="Connections"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length + 1}
    >
      <div role="rowgroup" className="conn-head">
        <div role="row" aria-rowindex={1} className="conn-row">
          {COLUMNS.map((label, i) => (
            <div key={label} role="columnheader" aria-colindex={i + 1} className="conn-cell">
              {label}
            </div>
          ))}
          <div role="columnheader" aria-colindex={COLUMNS.length + 1} className="conn-cell">
            <span className="sr-only">Actions</span>
          </div>
        </div>
      </div>
      <div role="rowgroup" className="conn-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const c = rows[v.index]!;
          return (
            <div
              key={c.id}
              role="row"
              aria-rowindex={v.index + 2}
              data-index={v.index}
              data-connection-id={c.id}
              aria-current={c.id === highlightId ? 'true' : undefined}
              aria-busy={busyIds.has(c.id) || undefined}
              ref={virtualizer.measureElement}
              className={c.id === highlightId ? `conn-row ${c.status} highlighted` : `conn-row ${c.status}`}
              style={{ transform: `translateY(${v.start - HEADER_HEIGHT}px)` }}
            >
              <div role="cell" aria-colindex={1} className="conn-cell">
                <Link className="cell-title wrap-text conn-link" to={`/oauth/${encodeURIComponent(c.integrationId)}/connections/${encodeURIComponent(c.id)}`}>
                  {c.userEmail}
                </Link>
                <span className="cell-sub wrap-text">{c.userName}</span>
              </div>
              <div role="cell" aria-colindex={2} className="conn-cell">
                <span className="wrap-text">{c.orgName ?? <span className="mono">{c.orgId}</span>}</span>
                <span className="cell-sub wrap-text">
                  <span className={`env-tag ${c.environment}`}>{c.environment === 'production' ? 'Production' : 'Sandbox'}</span>
                  {c.region && <span>{c.region}</span>}
                </span>
              </div>
              <div role="cell" aria-colindex={3} className="conn-cell">
                <ConnectionStatusBadge status={c.status} />
                <StatusDetail connection={c} now={now} />
              </div>
              <div role="cell" aria-colindex={4} className="conn-cell">
                <span className="wrap-text">
                  Active <RelativeTime iso={c.lastActiveAt} now={now} />
                </span>
                <span className="cell-sub wrap-text">
                  Connected <RelativeTime iso={c.connectedAt} now={now} />
                </span>
              </div>
              <div role="cell" aria-colindex={5} className="conn-cell">
                <Expiry connection={c} now={now} />
              </div>
              <div role="cell" aria-colindex={6} className="conn-cell actions">
                <RowActions connection={c} busy={busyIds.has(c.id)} onAction={onAction} />
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function RelativeTime({ iso, now }: { iso: string | undefined; now: number }) {
  if (!iso) return <span className="subtle">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

function StatusDetail({ connection: c, now }: { connection: Connection; now: number }) {
  if (c.status === 'deleted' && c.deletedAt) {
    return <span className="cell-sub wrap-text">Deleted {formatRelative(c.deletedAt, now)}</span>;
  }
  const words = statusWords(c);
  if (!words) return null;
  return (
    <span className={c.status === 'connected' ? 'cell-sub warning wrap-text' : 'cell-sub wrap-text'}>
      {c.status === 'connected' && <AlertIcon size={12} />} {words.summary}
    </span>
  );
}

function Expiry({ connection: c, now }: { connection: Connection; now: number }) {
  const past = c.expiresAt !== undefined && new Date(c.expiresAt).getTime() <= now;
  // A revoked or deleted connection keeps no token; an expired one's access token is refused even
  // while it would still be valid, so only a past expiry is worth showing.
  if (c.status === 'revoked' || c.status === 'deleted' || (c.status === 'expired' && !past)) {
    return (
      <span className="subtle" title={c.status === 'expired' ? 'Reauthorize to get a new token' : 'No token is kept'}>
        —
      </span>
    );
  }
  if (!c.expiresAt) return <span className="subtle">Unknown</span>;
  return (
    <>
      <time dateTime={c.expiresAt} title={formatDateTime(c.expiresAt)} className={past ? 'wrap-text subtle' : 'wrap-text'}>
        {formatRelative(c.expiresAt, now)}
      </time>
      <span className="cell-sub expiry-source wrap-text" title={c.expirySource ? `Expiry ${EXPIRY_SOURCE_WORDS[c.expirySource]}` : undefined}>
        {past ? 'renews on next use' : 'renews automatically'}
      </span>
      <IdleExpiry connection={c} />
    </>
  );
}

/** "Expires if unused by <date>", when the offering knows the org's idle refresh-token policy; a warning when near. */
function IdleExpiry({ connection: c }: { connection: Connection }) {
  if (!c.idleExpiresAt) return null;
  const date = new Date(c.idleExpiresAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return (
    <span
      className={c.expiresSoon ? 'cell-sub warning wrap-text' : 'cell-sub wrap-text'}
      data-idle-expiry={c.expiresSoon ? 'soon' : 'known'}
      title={`The org expires refresh tokens that go unused; keep-alive refreshes this one before then while the app runs (${formatDateTime(c.idleExpiresAt)}).`}
    >
      {c.expiresSoon && <AlertIcon size={12} />} Expires if unused by <time dateTime={c.idleExpiresAt}>{date}</time>
    </span>
  );
}

function RowActions({ connection: c, busy, onAction }: { connection: Connection; busy: boolean; onAction(action: RowAction, c: Connection): void }) {
  if (c.status === 'deleted') return <span className="sr-only">No actions: deleted</span>;
  const needsSignIn = c.status === 'expired' || c.status === 'revoked';
  return (
    <>
      {needsSignIn ? (
        <button type="button" className="button small" disabled={busy} aria-busy={busy || undefined} aria-label={`Reauthorize ${c.userEmail}`} onClick={() => onAction('reauthorize', c)}>
          {busy ? <Spinner size={14} /> : <LogInIcon size={14} />} Reauthorize
        </button>
      ) : (
        <button type="button" className="button small" disabled={busy} aria-busy={busy || undefined} aria-label={`Test ${c.userEmail}`} onClick={() => onAction('test', c)}>
          {busy ? <Spinner size={14} /> : <StethoscopeIcon size={14} />} Test
        </button>
      )}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="icon-button" aria-label={`More actions for ${c.userEmail}`} data-actions-for={c.id} disabled={busy}>
          <MoreIcon />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            {c.status === 'connected' && (
              <>
                <DropdownMenu.Item className="menu-item" onSelect={() => onAction('test', c)}>
                  <StethoscopeIcon size={14} /> Test connection
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => onAction('refresh', c)}>
                  <RefreshIcon size={14} /> Refresh now
                </DropdownMenu.Item>
              </>
            )}
            {needsSignIn && (
              <DropdownMenu.Item className="menu-item" onSelect={() => onAction('reauthorize', c)}>
                <LogInIcon size={14} /> Reauthorize
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Separator className="menu-separator" />
            {c.status !== 'revoked' && (
              <DropdownMenu.Item className="menu-item danger" onSelect={() => onAction('revoke', c)}>
                <BanIcon size={14} /> Revoke…
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item className="menu-item danger" onSelect={() => onAction('delete', c)}>
              <TrashIcon size={14} /> Delete…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  );
}
