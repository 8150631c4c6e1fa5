import { useState } from 'react';
import type { ActivityCategory } from '../../../../preload/contract/activity-models.js';
import type { Integration } from '../../../../preload/contract/models.js';
import { ActivityList } from '../../components/activity-list.js';
import { SegmentedFilter } from '../../components/segmented-filter.js';

type Filter = 'all' | ActivityCategory;

const FILTERS: Array<[Filter, string]> = [
  ['all', 'All'],
  ['credentials', 'Credentials'],
  ['connections', 'Connections'],
  ['api-keys', 'API keys'],
  ['local-api', 'Local API'],
];

/** The integration's audit trail: every action once, filterable by what it concerned. */
export function ActivityTab({ integration }: { integration: Integration }) {
  const [filter, setFilter] = useState<Filter>('all');
  return (
    <section className="card" aria-labelledby="activity-title">
      <div className="card-header activity-header">
        <div>
          <h2 id="activity-title">Activity</h2>
          <p className="subtle small">Who did what, and when: credentials, connections, API keys and the local API. Secrets are never recorded.</p>
        </div>
        <SegmentedFilter label="Show activity about" options={FILTERS} value={filter} onChange={setFilter} />
      </div>
      <div className="card-body">
        <ActivityList
          query={{ integrationId: integration.id, ...(filter === 'all' ? {} : { category: filter }) }}
          label="Activity, newest first"
          empty={filter === 'all' ? 'Nothing has happened yet.' : 'Nothing of this kind has happened yet.'}
        />
      </div>
    </section>
  );
}
