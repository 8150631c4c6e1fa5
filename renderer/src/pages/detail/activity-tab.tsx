import { useEffect, useState } from 'react';
import type { ActivityEntry, ActivityKind, Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { ActivityIcon, AlertIcon, CheckIcon, KeyIcon, PencilIcon, PlusIcon, RefreshIcon, TrashIcon } from '../../components/icons.js';
import { ErrorState, LoadingState } from '../../components/page-states.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';

const ICONS: Record<ActivityKind, typeof ActivityIcon> = {
  created: PlusIcon,
  edited: PencilIcon,
  'secret-replaced': KeyIcon,
  'verification-passed': CheckIcon,
  'verification-failed': AlertIcon,
  'status-changed': RefreshIcon,
  deleted: TrashIcon,
};

/** Newest first; entries of the same instant keep their logged order, reversed. */
const newestFirst = (entries: ActivityEntry[]): ActivityEntry[] =>
  entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.index - a.index)
    .map(({ entry }) => entry);

/** The integration's activity log, newest first; re-read whenever the integration changes. */
export function ActivityTab({ integration }: { integration: Integration }) {
  const [entries, setEntries] = useState<ActivityEntry[]>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void api()
      .integrations.activity({ id: integration.id })
      .then((result) => {
        if (!live) return;
        if (result.ok) {
          setEntries(newestFirst(result.value));
          setError(undefined);
        } else setError(result.message);
      });
    return () => {
      live = false;
    };
  }, [integration.id, integration.updatedAt, integration.verification?.at, attempt]);

  return (
    <section className="card" aria-labelledby="activity-title">
      <div className="card-header">
        <h2 id="activity-title">Activity</h2>
      </div>
      <div className="card-body">
        {error && !entries ? (
          <ErrorState title="The activity could not be loaded" message={error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : !entries ? (
          <LoadingState label="Loading activity…" rows={3} />
        ) : entries.length === 0 ? (
          <p className="subtle">Nothing has happened yet.</p>
        ) : (
          <ol className="timeline" aria-label="Activity, newest first">
            {entries.map((entry) => {
              const Icon = ICONS[entry.kind] ?? ActivityIcon;
              return (
                <li key={entry.id} className={`timeline-item ${entry.kind}`}>
                  <span className="timeline-icon">
                    <Icon size={14} />
                  </span>
                  <div className="timeline-body">
                    <p className="timeline-message">{entry.message}</p>
                    <time dateTime={entry.at} title={formatDateTime(entry.at)} className="timeline-time">
                      {formatRelative(entry.at)} · {formatDateTime(entry.at)}
                    </time>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </section>
  );
}
