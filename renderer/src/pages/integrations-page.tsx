import { useEffect, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { create } from 'zustand';
import type { Integration, IntegrationStatus } from '../../../preload/contract/models.js';
import { compareNames } from '../../../preload/contract/name-order.js';
import { PlusIcon, SearchIcon, XIcon } from '../components/icons.js';
import { IntegrationGrid, type SortKey, type SortState } from '../components/integration-grid.js';
import { ErrorState, LoadingState } from '../components/page-states.js';
import { formatCount, plural } from '../lib/format.js';
import { attentionCounts, rowAttention, useAttention } from '../stores/attention-store.js';
import { useIntegrations } from '../stores/integrations-store.js';
import { SegmentedFilter } from '../components/segmented-filter.js';

type StatusFilter = 'all' | IntegrationStatus | 'attention';

const STATUS_FILTERS: Array<[StatusFilter, string]> = [
  ['all', 'All'],
  ['draft', 'Draft'],
  ['configured', 'Configured'],
  ['attention', 'Needs attention'],
];

interface ListFilters {
  search: string;
  status: StatusFilter;
  sort: SortState;
  set(patch: Partial<Omit<ListFilters, 'set'>>): void;
}

/** The list's search, filter and sort, kept for the session so coming back from a detail page keeps them. */
const useListFilters = create<ListFilters>((set) => ({
  search: '',
  status: 'all',
  sort: { key: 'name', direction: 'asc' },
  set: (patch) => set(patch),
}));

const comparators: Record<SortKey, (a: Integration, b: Integration) => number> = {
  name: (a, b) => compareNames(a.name, b.name),
  offering: (a, b) => compareNames(a.offeringName, b.offeringName) || compareNames(a.name, b.name),
  status: (a, b) => a.status.localeCompare(b.status) || compareNames(a.name, b.name),
  connections: (a, b) => a.connectionCount - b.connectionCount || compareNames(a.name, b.name),
  lastActivity: (a, b) => (a.lastActivityAt ?? '').localeCompare(b.lastActivityAt ?? '') || compareNames(a.name, b.name),
};

/**
 * OAuth → Integrations: every integration, searchable by name and filterable by status, or an empty
 * state that leads to Add Integration. The rows are virtualised, so 5,000 integrations cost what 20 do.
 */
export function IntegrationsPage() {
  const { items, state, error, total, load } = useIntegrations();
  const { search, status, sort, set } = useListFilters();
  const searchRef = useRef<HTMLInputElement>(null);

  // "/" jumps to the search box, as in most list-heavy tools (unless the user is typing somewhere).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      if (!searchRef.current) return;
      event.preventDefault();
      searchRef.current.focus();
      searchRef.current.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Sorting is the expensive step (a collator over thousands of names): it only reruns when the data
  // or the sort changes, never on a keystroke. Each row carries its lower-cased name for the search.
  const summary = useAttention((s) => s.summary);
  const attention = useMemo(() => {
    const unhealthy = attentionCounts(summary);
    const flagged = new Set(summary?.attention.integrations.map((i) => i.id));
    return new Map(items.map((i) => [i.id, rowAttention(i, unhealthy.get(i.id) ?? 0, flagged.has(i.id))]));
  }, [items, summary]);

  const sorted = useMemo(() => {
    const compare = comparators[sort.key];
    const list = items.slice().sort(sort.direction === 'asc' ? compare : (a, b) => compare(b, a));
    return list.map((item) => ({ item, key: item.name.toLowerCase() }));
  }, [items, sort]);

  const counts = useMemo(() => {
    let draft = 0;
    let needing = 0;
    for (const i of items) {
      if (i.status === 'draft') draft += 1;
      if (attention.get(i.id)?.needsAttention) needing += 1;
    }
    return { all: items.length, draft, configured: items.length - draft, attention: needing };
  }, [items, attention]);

  const needle = search.trim().toLowerCase();
  const visible = useMemo(
    () =>
      sorted
        .filter(
          (r) =>
            (status === 'all' || (status === 'attention' ? attention.get(r.item.id)?.needsAttention : r.item.status === status)) &&
            (needle === '' || r.key.includes(needle)),
        )
        .map((r) => r.item),
    [sorted, status, needle, attention],
  );

  const filtered = needle !== '' || status !== 'all';

  return (
    <section className="page fill" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <p className="eyebrow">OAuth</p>
          <h1 id="page-title">Integrations</h1>
          <p className="subtle">OAuth clients for your providers, and the connections they authorize.</p>
        </div>
        <div className="toolbar">
          <Link className="button primary" to="/oauth/create">
            <PlusIcon /> Add Integration
          </Link>
        </div>
      </header>

      {state === 'error' && items.length === 0 ? (
        <ErrorState title="The integrations could not be loaded" message={error} onRetry={() => void load()} />
      ) : state !== 'ready' && items.length === 0 ? (
        <LoadingState label="Loading integrations…" rows={6} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <span className="empty-icon" aria-hidden="true">
            <PlusIcon size={22} />
          </span>
          <h2>No integrations yet</h2>
          <p>
            An integration stores a provider app’s Client ID and Client Secret (for example a Salesforce External Client App), so your
            users can authorize connections against it.
          </p>
          <Link className="button primary" to="/oauth/create">
            <PlusIcon /> Add Integration
          </Link>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search">
            <div className="search-box">
              <SearchIcon />
              <label htmlFor="integration-search" className="sr-only">
                Search integrations by name
              </label>
              <input
                ref={searchRef}
                id="integration-search"
                className="input search-input"
                type="search"
                placeholder="Search by name" aria-keyshortcuts="/"
                autoComplete="off"
                spellCheck={false}
                value={search}
                onChange={(e) => set({ search: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowDown') {
                    e.preventDefault();
                    document.querySelector<HTMLElement>('.grid [role="row"][data-index="0"]')?.focus();
                  } else if (e.key === 'Escape' && search !== '') {
                    e.preventDefault();
                    set({ search: '' });
                  }
                }}
              />
              {search === '' && (
                <kbd className="kbd-hint" aria-hidden="true">
                  /
                </kbd>
              )}
              {search !== '' && (
                <button type="button" className="icon-button search-clear" aria-label="Clear search" onClick={() => {
                  set({ search: '' });
                  searchRef.current?.focus();
                }}>
                  <XIcon size={14} />
                </button>
              )}
            </div>
            {/* The counts are of every integration: shown once the whole list is here. */}
            <SegmentedFilter label="Filter by status" options={STATUS_FILTERS} value={status} onChange={(next) => set({ status: next })} counts={state === 'ready' ? counts : undefined} />
            <p className="result-count" role="status" aria-live="polite">
              {total !== undefined
                ? `First ${formatCount(items.length)} of ${formatCount(total)} by name, loading the rest…`
                : filtered
                  ? `${formatCount(visible.length)} of ${formatCount(items.length)}`
                  : plural(items.length, 'integration')}
            </p>
          </div>
          {state === 'error' && (
            <div className="banner error inline-banner" role="alert">
              <span>Not every integration could be loaded: {error}</span>
              <button type="button" className="button" onClick={() => void load()}>
                Try again
              </button>
            </div>
          )}
          {visible.length === 0 ? (
            <div className="empty-state compact">
              <h2>No integrations match</h2>
              <p>
                {needle ? `Nothing is named like “${search.trim()}”` : status === 'attention' ? 'Nothing needs attention' : 'None has this status'}
                {status !== 'all' && needle ? ` among ${status === 'attention' ? 'those needing attention' : `${status} integrations`}` : ''}.
              </p>
              <button type="button" className="button" onClick={() => set({ search: '', status: 'all' })}>
                Clear filters
              </button>
            </div>
          ) : (
            <IntegrationGrid
              rows={visible}
              attention={attention}
              sort={sort}
              onSort={(next) => set({ sort: next })}
              onExitTop={() => searchRef.current?.focus()}
            />
          )}
        </>
      )}
    </section>
  );
}
