import { useCallback, useEffect, useState } from 'react';
import type { ActivityCategory, ActivityEntry } from '../../../preload/contract/activity-models.js';
import { api } from '../api/client.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { ActivityIcon, AlertIcon, BanIcon, CheckIcon, KeyIcon, PencilIcon, PlugIcon, PlusIcon, RefreshIcon, SettingsIcon, Spinner, StethoscopeIcon, TrashIcon } from './icons.js';
import { ErrorState, LoadingState } from './page-states.js';
import '../styles/activity.css';

const ICONS: Partial<Record<ActivityEntry['kind'], typeof ActivityIcon>> = {
  created: PlusIcon,
  edited: PencilIcon,
  'secret-replaced': KeyIcon,
  'verification-passed': CheckIcon,
  'verification-failed': AlertIcon,
  'status-changed': RefreshIcon,
  deleted: TrashIcon,
  'connection-connected': PlugIcon,
  'connection-reauthorized': PlugIcon,
  'connection-revoked': BanIcon,
  'connection-deleted': TrashIcon,
  'connection-refresh-failed': AlertIcon,
  'connection-expired': AlertIcon,
  'connection-tested': StethoscopeIcon,
  'api-key-generated': KeyIcon,
  'api-key-revoked': BanIcon,
  'local-api-enabled': SettingsIcon,
  'local-api-disabled': SettingsIcon,
  'local-api-changed': SettingsIcon,
};

const TONE: Partial<Record<ActivityEntry['kind'], 'good' | 'bad' | 'info'>> = {
  created: 'good',
  'verification-passed': 'good',
  'connection-connected': 'good',
  'connection-reauthorized': 'good',
  'api-key-generated': 'good',
  'local-api-enabled': 'good',
  'verification-failed': 'bad',
  'connection-refresh-failed': 'bad',
  'connection-expired': 'bad',
  'connection-revoked': 'bad',
  'api-key-revoked': 'bad',
};

const WHO: Record<ActivityEntry['actor'], string> = { admin: 'You', app: 'Integrations Desk (automatic)' };

export interface ActivityQuery {
  integrationId: string;
  category?: ActivityCategory;
  connectionId?: string;
}

/** Events that may have added entries to an integration's trail: the first page is then read again. */
function useTrailChanges(integrationId: string, onChange: () => void): void {
  useEffect(() => {
    const mine = (payload: { integrationId?: string; ids?: string[] }) => payload.integrationId === integrationId || payload.ids?.includes(integrationId);
    const stops = [
      api().on('integrations.changed', (p) => mine({ ids: p.ids }) && onChange()),
      api().on('connections.changed', (p) => mine(p) && onChange()),
      api().on('apiKeys.changed', (p) => mine(p) && onChange()),
      api().on('localApi.changed', () => onChange()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [integrationId, onChange]);
}

/**
 * An audit trail, newest first: who did what and when, each setting's previous → new value, and the
 * protocol detail behind a Details disclosure. Read a page (50 entries) at a time from main, so a trail
 * of 100,000 entries costs what one of 50 does; "Show older" reads the next page.
 */
export function ActivityList({ query, label, empty, version = 0 }: { query: ActivityQuery; label: string; empty: string; version?: number }) {
  const [entries, setEntries] = useState<ActivityEntry[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);
  const { integrationId, category, connectionId } = query;

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useTrailChanges(integrationId, reload);

  useEffect(() => {
    let live = true;
    void api()
      .activity.list({ integrationId, category, connectionId })
      .then((result) => {
        if (!live) return;
        if (result.ok) {
          setEntries(result.value.entries);
          setCursor(result.value.nextCursor);
          setError(undefined);
        } else setError(result.message);
      });
    return () => {
      live = false;
    };
  }, [integrationId, category, connectionId, generation, version]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const result = await api().activity.list({ integrationId, category, connectionId, cursor });
    setLoadingMore(false);
    if (result.ok) {
      setEntries((current) => [...(current ?? []), ...result.value.entries]);
      setCursor(result.value.nextCursor);
    } else setError(result.message);
  };

  if (error && !entries) return <ErrorState title="The activity could not be loaded" message={error} onRetry={reload} />;
  if (!entries) return <LoadingState label="Loading activity…" rows={3} />;
  if (entries.length === 0) return <p className="subtle">{empty}</p>;
  return (
    <>
      <ol className="timeline" aria-label={label}>
        {entries.map((entry) => (
          <ActivityItem key={entry.id} entry={entry} />
        ))}
      </ol>
      {cursor && (
        <button type="button" className="button small" onClick={() => void more()} disabled={loadingMore} aria-busy={loadingMore || undefined}>
          {loadingMore && <Spinner size={14} />} Show older
        </button>
      )}
    </>
  );
}

function ActivityItem({ entry }: { entry: ActivityEntry }) {
  const Icon = ICONS[entry.kind] ?? ActivityIcon;
  return (
    <li className={`timeline-item tone-${TONE[entry.kind] ?? 'info'}`} data-kind={entry.kind} data-category={entry.category}>
      <span className="timeline-icon" aria-hidden="true">
        <Icon size={14} />
      </span>
      <div className="timeline-body">
        <p className="timeline-message">{entry.message}</p>
        {entry.changes && entry.changes.length > 0 && (
          <ul className="change-list" aria-label="Changes">
            {entry.changes.map((change) => (
              <li key={change.field}>
                <span className="change-field">{change.field}:</span>{' '}
                {change.from !== undefined && (
                  <>
                    <span className="change-from">{change.from || '(empty)'}</span> <span aria-label="changed to">→</span>{' '}
                  </>
                )}
                <span className="change-to">{change.to || '(empty)'}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="timeline-time">
          <span className="timeline-who">{WHO[entry.actor]}</span> ·{' '}
          <time dateTime={entry.at} title={formatDateTime(entry.at)}>
            {formatRelative(entry.at)} · {formatDateTime(entry.at)}
          </time>
        </p>
        {entry.detail && (
          <details className="more-details">
            <summary>Details</summary>
            <p className="disclosure-body detail-text">{entry.detail}</p>
          </details>
        )}
      </div>
    </li>
  );
}
