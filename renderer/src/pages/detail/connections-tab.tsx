import { Select } from 'radix-ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Connection, ConnectionStatus } from '../../../../preload/contract/connection-models.js';
import type { Environment, Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { AlertIcon, CheckIcon, ChevronDownIcon, InfoIcon, PlusIcon, SearchIcon, Spinner, XIcon } from '../../components/icons.js';
import { ErrorState, LoadingState } from '../../components/page-states.js';
import { EXPIRY_SOURCE_WORDS } from '../../lib/connection-words.js';
import { formatCount, formatRelative, plural } from '../../lib/format.js';
import { useConnections, useIntegrationConnections, type FlowOutcome } from '../../stores/connections-store.js';
import { useOfferings } from '../../stores/offerings-store.js';
import { toast } from '../../stores/toast-store.js';
import { ConnectionDialogs, type ConnectionDialogState } from './connection-dialogs.js';
import { FiveApprovalsNote, FlowPanel, IdentityMismatchPanel } from './connection-flow-panel.js';
import { ConnectionTable, type RowAction } from './connection-table.js';
import '../../styles/connections.css';
import { SegmentedFilter } from '../../components/segmented-filter.js';

type StatusFilter = 'all' | ConnectionStatus;
type EnvironmentFilter = 'all' | Environment;

const STATUS_FILTERS: Array<[StatusFilter, string]> = [
  ['all', 'All'],
  ['connected', 'Connected'],
  ['expired', 'Expired'],
  ['revoked', 'Revoked'],
  ['deleted', 'Deleted'],
];

/**
 * Connections of one integration: New Connection (configured integrations only) and the sign-in it
 * starts, the rows with their status and expiry, filters (status, environment, email), per-row actions,
 * and live updates (the store follows `connections.changed` and `flows.changed`).
 */
export function ConnectionsTab({ integration }: { integration: Integration }) {
  const draft = integration.status === 'draft';
  const { items, deleted, state, error } = useIntegrationConnections(integration.id);
  const flow = useConnections((s) => (s.flow?.integrationId === integration.id ? s.flow : undefined));
  const otherFlow = useConnections((s) => (s.flow && s.flow.integrationId !== integration.id ? s.flow : undefined));
  const outcome = useConnections((s) => (s.outcome?.integrationId === integration.id ? s.outcome : undefined));
  const offering = useOfferings((s) => s.items.find((o) => o.id === integration.offeringId));
  const offeringsState = useOfferings((s) => s.state);
  const isSalesforce = offering?.kind === 'salesforce';

  const [params] = useSearchParams();
  const linked = params.get('connection') ?? undefined;

  const [status, setStatus] = useState<StatusFilter>('all');
  const [environment, setEnvironment] = useState<EnvironmentFilter>('all');
  const [search, setSearch] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<{ message: string; portInUse: boolean }>();
  const [dialog, setDialog] = useState<ConnectionDialogState>();
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const newButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void useConnections.getState().load(integration.id);
    return useConnections.getState().watch(integration.id);
  }, [integration.id]);

  useEffect(() => {
    if (offeringsState === 'idle') void useOfferings.getState().load();
  }, [offeringsState]);

  // When the sign-in panel goes away (connected, failed, cancelled), focus that was in it lands on
  // New Connection rather than on <body>.
  const flowId = flow?.flowId;
  const hadFlow = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (hadFlow.current && !flowId && (document.activeElement === document.body || document.activeElement === null)) {
      newButton.current?.focus({ preventScroll: true });
    }
    hadFlow.current = flowId;
  }, [flowId]);

  // A link to a deleted connection (a notification, the tray) opens the Deleted filter.
  useEffect(() => {
    if (linked && deleted.some((c) => c.id === linked) && !items.some((c) => c.id === linked)) setStatus('deleted');
  }, [linked, deleted, items]);

  const counts = useMemo(() => {
    const byStatus: Record<StatusFilter, number> = { all: items.length, connected: 0, expired: 0, revoked: 0, deleted: deleted.length, moved: 0 };
    for (const c of items) byStatus[c.status] += 1;
    return byStatus;
  }, [items, deleted]);

  const needle = search.trim().toLowerCase();
  const visible = useMemo(() => {
    const source = status === 'deleted' ? deleted : items;
    return source.filter(
      (c) =>
        (status === 'all' || status === 'deleted' || c.status === status) &&
        (environment === 'all' || c.environment === environment) &&
        (needle === '' || c.userEmail.toLowerCase().includes(needle)),
    );
  }, [items, deleted, status, environment, needle]);

  const filtered = status !== 'all' || environment !== 'all' || needle !== '';
  const highlightId = linked ?? (outcome?.state === 'completed' ? outcome.connectionId : undefined);

  const start = async (reauthorize?: Connection) => {
    setStartError(undefined);
    if (reauthorize) setBusyIds((s) => new Set(s).add(reauthorize.id));
    else setStarting(true);
    const result = await useConnections.getState().start(integration.id, reauthorize);
    if (reauthorize) setBusyIds((s) => withoutId(s, reauthorize.id));
    else setStarting(false);
    if (!result.ok) {
      setStartError({ message: result.message, portInUse: result.code === 'PORT_IN_USE' });
      newButton.current?.focus();
    }
  };

  const refreshNow = async (c: Connection) => {
    setBusyIds((s) => new Set(s).add(c.id));
    const result = await api().connections.refresh({ id: c.id });
    setBusyIds((s) => withoutId(s, c.id));
    if (result.ok) {
      useConnections.getState().upsert(result.value);
      const expiry = result.value.expiresAt ? `The new access token expires ${formatRelative(result.value.expiresAt)}${result.value.expirySource ? `, ${EXPIRY_SOURCE_WORDS[result.value.expirySource]}` : ''}.` : undefined;
      toast(`Refreshed ${c.userEmail}`, expiry);
    } else {
      toast(`Could not refresh ${c.userEmail}`, result.message, 'error');
    }
  };

  const onAction = (action: RowAction, c: Connection) => {
    if (action === 'refresh') void refreshNow(c);
    else if (action === 'reauthorize') void start(c);
    else setDialog({ kind: action, connection: c });
  };

  const loaded = state === 'ready' || (state === 'error' && (items.length > 0 || deleted.length > 0));
  const empty = loaded && items.length === 0 && deleted.length === 0;

  return (
    <section className="card" aria-labelledby="connections-title">
      <div className="card-header">
        <div>
          <h2 id="connections-title">Connections</h2>
          <p className="subtle small">Each connection is one user’s authorized account, stored encrypted on this machine.</p>
        </div>
        <div className="header-action">
          <button
            ref={newButton}
            type="button"
            className="button primary"
            disabled={draft || starting}
            aria-describedby={draft ? 'new-connection-reason' : startError ? 'new-connection-error' : undefined}
            onClick={() => void start()}
          >
            {starting ? <Spinner /> : <PlusIcon />} New Connection
          </button>
          {draft && (
            <p id="new-connection-reason" className="disabled-reason">
              <InfoIcon size={14} /> Verify the credentials first
            </p>
          )}
        </div>
      </div>

      {(startError || flow || otherFlow || (outcome && outcome.state !== 'completed')) && (
        <div className="conn-notices">
          {startError && (
            <div id="new-connection-error" className="banner error" role="alert">
              <AlertIcon />
              <div className="banner-body">
                <p className="banner-title">{startError.portInUse ? 'The callback port is taken: nothing was opened' : 'The sign-in could not start'}</p>
                <p>{startError.message}</p>
                {startError.portInUse && (
                  <p>
                    Close the program holding it, or choose another port in <Link to="/settings">Settings</Link> (and register the new
                    Callback URL with the provider).
                  </p>
                )}
              </div>
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setStartError(undefined)}>
                <XIcon size={14} />
              </button>
            </div>
          )}
          {flow && <FlowPanel flow={flow} isSalesforce={isSalesforce} />}
          {otherFlow && !flow && (
            <p className="banner info" role="status">
              <InfoIcon />
              <span className="banner-body">
                <span>
                  A sign-in for another integration is waiting for the browser.{' '}
                  <Link to={`/oauth/${encodeURIComponent(otherFlow.integrationId)}?tab=connections`}>Go to it</Link>. It keeps waiting if
                  you start one here: each integration has its own Callback URL.
                </span>
              </span>
            </p>
          )}
          {outcome && outcome.state !== 'completed' && !flow && <OutcomeBanner outcome={outcome} />}
        </div>
      )}

      {loaded && !empty && (
        <div className="conn-toolbar" role="search" aria-label="Filter connections">
          <div className="search-box">
            <SearchIcon />
            <label htmlFor="connection-search" className="sr-only">
              Search connections by email
            </label>
            <input
              id="connection-search"
              className="input search-input"
              type="search"
              placeholder="Search by email"
              autoComplete="off"
              spellCheck={false}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && search !== '') {
                  e.preventDefault();
                  setSearch('');
                }
              }}
            />
            {search !== '' && (
              <button type="button" className="icon-button search-clear" aria-label="Clear search" onClick={() => setSearch('')}>
                <XIcon size={14} />
              </button>
            )}
          </div>
          <SegmentedFilter label="Filter by status" options={STATUS_FILTERS} value={status} onChange={setStatus} counts={counts} />
          <EnvironmentSelect value={environment} onChange={setEnvironment} />
          <p className={filtered ? 'result-count' : 'result-count sr-only'} role="status" aria-live="polite">
            {filtered ? `${formatCount(visible.length)} of ${formatCount(status === 'deleted' ? deleted.length : items.length)}` : plural(items.length, 'connection')}
          </p>
        </div>
      )}

      <div className={loaded && visible.length > 0 ? 'conn-body-wrap' : 'card-body'}>
        {state === 'error' && !loaded ? (
          <ErrorState title="The connections could not be loaded" message={error} onRetry={() => void useConnections.getState().load(integration.id)} />
        ) : !loaded ? (
          <LoadingState label="Loading connections…" rows={2} />
        ) : empty ? (
          <div className="empty-inline">
            <p className="empty-title">No connections yet</p>
            <p className="subtle">
              {draft
                ? 'This integration is a draft. Verify its credentials (at the top of the page) to make it configured, then add connections.'
                : 'Use New Connection to have a user sign in with the provider in the system browser. The connection appears here once the provider redirects back.'}
            </p>
            {isSalesforce && !draft && !flow && <FiveApprovalsNote />}
          </div>
        ) : visible.length === 0 ? (
          <div className="empty-inline">
            <p className="empty-title">No connections match</p>
            <p className="subtle">
              {status === 'deleted' && deleted.length === 0 ? 'No connection of this integration has been deleted.' : 'Try another status, environment or email.'}
            </p>
            <div>
              <button
                type="button"
                className="button small"
                onClick={() => {
                  setStatus('all');
                  setEnvironment('all');
                  setSearch('');
                }}
              >
                Clear filters
              </button>
            </div>
          </div>
        ) : (
          <ConnectionTable rows={visible} highlightId={highlightId} busyIds={busyIds} onAction={onAction} />
        )}
        {state === 'error' && loaded && error && (
          <p className="banner error inline-banner" role="alert">
            {error}
          </p>
        )}
      </div>
      <ConnectionDialogs dialog={dialog} onClose={() => setDialog(undefined)} />
    </section>
  );
}

function withoutId(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}

const OUTCOME_TITLES: Record<Exclude<FlowOutcome['state'], 'completed'>, string> = {
  failed: 'Sign-in failed',
  'timed-out': 'Sign-in timed out',
  cancelled: 'Sign-in cancelled',
};

/** How the last sign-in of this integration ended, when it did not connect anyone. */
function OutcomeBanner({ outcome }: { outcome: FlowOutcome }) {
  if (outcome.state === 'completed') return null;
  if (outcome.identityMismatch) return <IdentityMismatchPanel outcome={{ ...outcome, identityMismatch: outcome.identityMismatch }} />;
  const quiet = outcome.state === 'cancelled';
  return (
    <div className={quiet ? 'banner info' : 'banner error'} role={quiet ? 'status' : 'alert'} data-flow-outcome={outcome.state}>
      {quiet ? <InfoIcon /> : <AlertIcon />}
      <div className="banner-body">
        <p className="banner-title">{OUTCOME_TITLES[outcome.state]}</p>
        {outcome.message && outcome.message !== 'Cancelled.' && <p>{outcome.message}</p>}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => useConnections.getState().dismissOutcome()}>
        <XIcon size={14} />
      </button>
    </div>
  );
}

const ENVIRONMENT_LABELS: Record<EnvironmentFilter, string> = { all: 'All environments', production: 'Production', sandbox: 'Sandbox' };

function EnvironmentSelect({ value, onChange }: { value: EnvironmentFilter; onChange(value: EnvironmentFilter): void }) {
  return (
    <Select.Root value={value} onValueChange={(v) => onChange(v as EnvironmentFilter)}>
      <Select.Trigger className="select-trigger compact" aria-label="Filter by environment">
        <Select.Value />
        <Select.Icon className="select-icon">
          <ChevronDownIcon />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content className="select-content" position="popper" sideOffset={4}>
          <Select.Viewport className="select-viewport">
            {(Object.keys(ENVIRONMENT_LABELS) as EnvironmentFilter[]).map((env) => (
              <Select.Item key={env} value={env} className="select-item">
                <Select.ItemText>{ENVIRONMENT_LABELS[env]}</Select.ItemText>
                <Select.ItemIndicator className="select-item-indicator">
                  <CheckIcon size={14} />
                </Select.ItemIndicator>
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
