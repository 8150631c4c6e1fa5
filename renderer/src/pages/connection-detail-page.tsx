import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Connection } from '../../../preload/contract/connection-models.js';
import { api } from '../api/client.js';
import { ActivityList } from '../components/activity-list.js';
import { ConnectionStatusBadge } from '../components/connection-status-badge.js';
import { BanIcon, ChevronLeftIcon, LogInIcon, RefreshIcon, Spinner, StethoscopeIcon, TrashIcon } from '../components/icons.js';
import { ErrorState, LoadingState } from '../components/page-states.js';
import { EXPIRY_SOURCE_DETAIL, EXPIRY_SOURCE_WORDS, refreshTokenWords, statusWords } from '../lib/connection-words.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { useConnections } from '../stores/connections-store.js';
import { useIntegration } from '../stores/integrations-store.js';
import { toast } from '../stores/toast-store.js';
import { ConnectionDialogs, type ConnectionDialogState } from './detail/connection-dialogs.js';
import '../styles/connection-detail.css';
import '../styles/connections.css';

/**
 * `/oauth/:integrationId/connections/:connectionId`: one connection, whole. Who and which org, where its
 * API calls go, what it was granted, its token times and where they come from, its health checks and
 * its activity. The tray and notifications open it (`desk-route.ts`), and each row of the Connections
 * table links here.
 */
export function ConnectionDetailPage() {
  const { integrationId = '', connectionId = '' } = useParams();
  const integration = useIntegration(integrationId);
  const fromStore = useConnections((s) => {
    const list = s.byIntegration[integrationId];
    return list?.items.find((c) => c.id === connectionId) ?? list?.deleted.find((c) => c.id === connectionId);
  });
  const [fetched, setFetched] = useState<{ value?: Connection; error?: string; notFound?: boolean }>();
  const [dialog, setDialog] = useState<ConnectionDialogState>();
  const [busy, setBusy] = useState<'refresh' | 'reauthorize'>();
  const [closedDialogs, setClosedDialogs] = useState(0);
  const navigate = useNavigate();
  const now = useNow(30_000);

  useEffect(() => {
    void useConnections.getState().load(integrationId);
  }, [integrationId]);

  useEffect(() => {
    let live = true;
    void api()
      .connections.get({ id: connectionId })
      .then((result) => {
        if (!live) return;
        if (result.ok && result.value.integrationId === integrationId) setFetched({ value: result.value });
        else if (result.ok) setFetched({ notFound: true });
        else setFetched({ error: result.message, notFound: result.code === 'NOT_FOUND' || result.code === 'VALIDATION' });
      });
    return () => {
      live = false;
    };
  }, [connectionId, integrationId]);

  const connection = fromStore ?? fetched?.value;
  useEffect(() => {
    document.title = connection ? `${connection.userEmail} · Integrations Desk` : 'Integrations Desk';
    return () => {
      document.title = 'Integrations Desk';
    };
  }, [connection]);

  const back = (
    <Link to={`/oauth/${encodeURIComponent(integrationId)}?tab=connections`} className="back-link">
      <ChevronLeftIcon /> {integration?.name ?? 'Integration'} · Connections
    </Link>
  );

  if (!connection) {
    return (
      <section className="page" aria-labelledby="page-title">
        {back}
        {fetched?.notFound ? (
          <div className="empty-state">
            <h1 id="page-title">Connection not found</h1>
            <p>It may belong to an integration that was deleted.</p>
          </div>
        ) : fetched?.error ? (
          <>
            <h1 id="page-title">Connection</h1>
            <ErrorState title="The connection could not be loaded" message={fetched.error} />
          </>
        ) : (
          <>
            <h1 id="page-title" className="sr-only">
              Connection
            </h1>
            <LoadingState label="Loading the connection…" rows={3} />
          </>
        )}
      </section>
    );
  }

  const c = connection;
  const words = statusWords(c);
  const live = c.status === 'connected';
  const needsSignIn = c.status === 'expired' || c.status === 'revoked';

  const refresh = async () => {
    setBusy('refresh');
    const result = await api().connections.refresh({ id: c.id });
    setBusy(undefined);
    if (result.ok) {
      useConnections.getState().upsert(result.value);
      toast(`Refreshed ${c.userEmail}`);
    } else toast(`Could not refresh ${c.userEmail}`, result.message, 'error');
  };
  const reauthorize = async () => {
    setBusy('reauthorize');
    const result = await useConnections.getState().start(c.integrationId, c);
    setBusy(undefined);
    if (result.ok) void navigate(`/oauth/${encodeURIComponent(c.integrationId)}?tab=connections`);
    else toast('The sign-in could not start', result.message, 'error');
  };

  return (
    <section className="page" aria-labelledby="page-title">
      {back}
      <header className="detail-header">
        <div className="detail-title">
          <p className="eyebrow">Connection</p>
          <div className="title-row">
            <h1 id="page-title">{c.userEmail}</h1>
            <ConnectionStatusBadge status={c.status} />
          </div>
          <p className="subtle">
            {c.userName}
            {c.orgName ? ` · ${c.orgName}` : ''}
          </p>
          {words && (
            <div className="status-words">
              <p>{words.summary}</p>
              {words.detail && words.detail !== words.summary && (
                <details className="more-details">
                  <summary>Details</summary>
                  <p className="disclosure-body detail-text">{words.detail}</p>
                </details>
              )}
            </div>
          )}
        </div>
        {c.status !== 'deleted' && (
          <div className="connection-actions" data-actions-for={c.id} tabIndex={-1}>
            {live && (
              <>
                <button type="button" className="button" onClick={() => setDialog({ kind: 'test', connection: c })}>
                  <StethoscopeIcon size={14} /> Test
                </button>
                <button type="button" className="button" onClick={() => void refresh()} disabled={busy !== undefined} aria-busy={busy === 'refresh' || undefined}>
                  {busy === 'refresh' ? <Spinner size={14} /> : <RefreshIcon size={14} />} Refresh now
                </button>
              </>
            )}
            {needsSignIn && (
              <button type="button" className="button primary" onClick={() => void reauthorize()} disabled={busy !== undefined} aria-busy={busy === 'reauthorize' || undefined}>
                {busy === 'reauthorize' ? <Spinner size={14} /> : <LogInIcon size={14} />} Reauthorize
              </button>
            )}
            {c.status !== 'revoked' && (
              <button type="button" className="button danger-outline" onClick={() => setDialog({ kind: 'revoke', connection: c })}>
                <BanIcon size={14} /> Revoke…
              </button>
            )}
            <button type="button" className="button danger-outline" onClick={() => setDialog({ kind: 'delete', connection: c })}>
              <TrashIcon size={14} /> Delete…
            </button>
          </div>
        )}
      </header>

      <div className="connection-grid">
        <section className="card" aria-labelledby="identity-title">
          <div className="card-header">
            <h2 id="identity-title">Who and where</h2>
          </div>
          <dl className="fact-list card-body">
            <Fact label="User">
              {c.userName} · {c.userEmail}
              <span className="mono fact-sub">{c.userId}</span>
            </Fact>
            <Fact label="Org">
              {c.orgName ?? 'Unnamed org'}
              <span className="mono fact-sub">{c.orgId}</span>
            </Fact>
            <Fact label="Instance URL">
              <span className="mono">{c.instanceUrl}</span>
            </Fact>
            <Fact label="Environment">
              <span className={`env-tag ${c.environment}`}>{c.environment === 'production' ? 'Production' : 'Sandbox'}</span>
              {c.region && <span className="fact-sub">{c.region}</span>}
            </Fact>
            <Fact label="Granted scopes">
              <span className="chips wide">
                {c.scopes.length === 0 ? <span className="subtle">None recorded</span> : c.scopes.map((s) => <code key={s} className="chip">{s}</code>)}
              </span>
            </Fact>
          </dl>
        </section>

        <section className="card" aria-labelledby="times-title">
          <div className="card-header">
            <h2 id="times-title">Times and tokens</h2>
          </div>
          <dl className="fact-list card-body">
            <Fact label="Connected">
              <When iso={c.connectedAt} now={now} />
            </Fact>
            <Fact label="Last refreshed">
              <When iso={c.lastRefreshedAt} now={now} />
            </Fact>
            <Fact label="Last used">
              <When iso={c.lastActiveAt} now={now} />
            </Fact>
            <Fact label="Access token">
              {live && c.expiresAt ? (
                <>
                  <span>
                    {new Date(c.expiresAt).getTime() > now ? 'Expires' : 'Expired'} <When iso={c.expiresAt} now={now} />
                  </span>
                  {c.expirySource && <span className="fact-sub">{EXPIRY_SOURCE_WORDS[c.expirySource]}; renewed automatically when needed</span>}
                  {c.expirySource && (
                    <details className="more-details">
                      <summary>Details</summary>
                      <p className="disclosure-body detail-text">{EXPIRY_SOURCE_DETAIL[c.expirySource]}</p>
                    </details>
                  )}
                </>
              ) : (
                <span className="subtle">{live ? 'Expiry unknown' : 'None kept'}</span>
              )}
            </Fact>
            <Fact label="Refresh token">{refreshTokenWords(c)}</Fact>
            {c.deletedAt && (
              <Fact label="Deleted">
                <When iso={c.deletedAt} now={now} />
              </Fact>
            )}
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="health-title">
        <div className="card-header">
          <h2 id="health-title">Health history</h2>
        </div>
        <div className="card-body">
          <HealthHistory integrationId={c.integrationId} connectionId={c.id} version={closedDialogs} />
        </div>
      </section>

      <section className="card" aria-labelledby="connection-activity-title">
        <div className="card-header">
          <h2 id="connection-activity-title">Activity</h2>
        </div>
        <div className="card-body">
          <ActivityList
            query={{ integrationId: c.integrationId, connectionId: c.id }}
            version={closedDialogs}
            label="Activity of this connection, newest first"
            empty="Nothing has been recorded for this connection yet."
          />
        </div>
      </section>
      <ConnectionDialogs
        dialog={dialog}
        onClose={() => {
          setDialog(undefined);
          // A test run from the dialog is recorded without a connection change: read the trail again.
          setClosedDialogs((n) => n + 1);
        }}
      />
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ iso, now }: { iso: string | undefined; now: number }) {
  if (!iso) return <span className="subtle">Never</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)} <span className="fact-sub inline">({formatDateTime(iso)})</span>
    </time>
  );
}

/** The health checks run on this connection, from its audit trail. */
function HealthHistory({ integrationId, connectionId, version }: { integrationId: string; connectionId: string; version: number }) {
  const [checks, setChecks] = useState<Array<{ id: string; at: string; passed: boolean; message: string }>>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => api().on('connections.changed', (p) => p.integrationId === integrationId && setGeneration((n) => n + 1)), [integrationId]);
  useEffect(() => {
    let live = true;
    void api()
      .activity.list({ integrationId, connectionId, category: 'connections', limit: 200 })
      .then((result) => {
        if (!live || !result.ok) return;
        setChecks(
          result.value.entries
            .filter((e) => e.kind === 'connection-tested')
            .slice(0, 10)
            .map((e) => ({ id: e.id, at: e.at, passed: e.outcome === 'passed', message: e.message })),
        );
      });
    return () => {
      live = false;
    };
  }, [integrationId, connectionId, generation, version]);
  if (!checks) return <LoadingState label="Loading health checks…" rows={1} />;
  if (checks.length === 0) return <p className="subtle">No health check yet. Use Test to run one.</p>;
  return (
    <ol className="health-history" aria-label="Health checks, newest first">
      {checks.map((check) => (
        <li key={check.id} className={check.passed ? 'passed' : 'failed'}>
          <span className={`badge ${check.passed ? 'conn-connected' : 'conn-revoked'}`}>{check.passed ? 'Healthy' : 'Not healthy'}</span>
          <span>{check.message}</span>
          <time dateTime={check.at} title={formatDateTime(check.at)} className="subtle small">
            {formatRelative(check.at)}
          </time>
        </li>
      ))}
    </ol>
  );
}
