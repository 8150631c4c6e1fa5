import { Tabs } from 'radix-ui';
import { IntegrationBundleMenu } from '../components/bundle/integration-bundle-menu.js';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';
import { ActivityIcon, ChevronLeftIcon, KeyIcon, PlugIcon, SettingsIcon } from '../components/icons.js';
import { ErrorState, LoadingState } from '../components/page-states.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatDate, formatCount } from '../lib/format.js';
import { useIntegration } from '../stores/integrations-store.js';
import { ActivityTab } from './detail/activity-tab.js';
import { ApiKeysTab } from './detail/api-keys-tab.js';
import { ConnectionsTab } from './detail/connections-tab.js';
import { SettingsTab } from './detail/settings-tab.js';
import { VerifyCredentials } from './detail/verify-credentials.js';

const TABS = ['settings', 'api-keys', 'connections', 'activity'] as const;
type TabName = (typeof TABS)[number];

/**
 * `/oauth/:integrationId`: header (name, offering, status, Verify credentials) and tabs.
 *
 * The integration comes from the store when the list is loaded; opened directly (or before a large list
 * arrives) it is fetched on its own. The tab is in the URL (`?tab=activity`) so it survives a reload.
 */
export function IntegrationDetailPage() {
  const { integrationId = '' } = useParams();
  const fromStore = useIntegration(integrationId);
  const [attempt, setAttempt] = useState(0);
  const [fetched, setFetched] = useState<{ id: string; value?: Integration; error?: string; notFound?: boolean }>();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabName = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabName) : 'settings';

  const present = fromStore !== undefined;
  useEffect(() => {
    if (present) {
      setFetched(undefined);
      return;
    }
    let live = true;
    void api()
      .integrations.get({ id: integrationId })
      .then((result) => {
        if (!live) return;
        if (result.ok) setFetched({ id: integrationId, value: result.value });
        else setFetched({ id: integrationId, error: result.message, notFound: result.code === 'NOT_FOUND' || result.code === 'VALIDATION' });
      });
    return () => {
      live = false;
    };
  }, [integrationId, present, attempt]);

  const integration = fromStore ?? (fetched?.id === integrationId ? fetched.value : undefined);

  useEffect(() => {
    document.title = integration ? `${integration.name} · Integrations Desk` : 'Integrations Desk';
    return () => {
      document.title = 'Integrations Desk';
    };
  }, [integration]);

  if (!integration) {
    const failure = fetched?.id === integrationId ? fetched : undefined;
    return (
      <section className="page" aria-labelledby="page-title">
        <Link to="/oauth" className="back-link">
          <ChevronLeftIcon /> Integrations
        </Link>
        {failure?.notFound ? (
          <div className="empty-state">
            <h1 id="page-title">Integration not found</h1>
            <p>It may have been deleted, in this window or another one.</p>
            <Link to="/oauth" className="button primary">
              Back to Integrations
            </Link>
          </div>
        ) : failure?.error ? (
          <>
            <h1 id="page-title">Integration</h1>
            <ErrorState title="The integration could not be loaded" message={failure.error} onRetry={() => {
                setFetched(undefined);
                setAttempt((n) => n + 1);
              }} />
          </>
        ) : (
          <>
            <h1 id="page-title" className="sr-only">
              Integration
            </h1>
            <LoadingState label="Loading the integration…" rows={3} />
          </>
        )}
      </section>
    );
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <Link to="/oauth" className="back-link">
        <ChevronLeftIcon /> Integrations
      </Link>
      <header className="detail-header">
        <div className="detail-title">
          <div className="title-row">
            <h1 id="page-title">{integration.name}</h1>
            <StatusBadge status={integration.status} />
          </div>
          <dl className="meta-list">
            <div>
              <dt>Offering</dt>
              <dd>{integration.offeringName}</dd>
            </div>
            <div>
              <dt>Client ID</dt>
              <dd className="mono truncate" title={integration.clientId}>
                {integration.clientId}
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDate(integration.createdAt)}</dd>
            </div>
          </dl>
        </div>
        <VerifyCredentials integration={integration} />
        {/* Issue 16: the integration's menu (export to a bundle). */}
        <IntegrationBundleMenu integration={integration} />
      </header>

      <Tabs.Root
        value={tab}
        onValueChange={(value) => setParams(value === 'settings' ? {} : { tab: value }, { replace: true })}
        className="tabs"
      >
        <Tabs.List className="tab-list" aria-label="Integration sections">
          <Tabs.Trigger value="settings" className="tab">
            <SettingsIcon /> Settings
          </Tabs.Trigger>
          <Tabs.Trigger value="api-keys" className="tab">
            <KeyIcon /> API Keys
          </Tabs.Trigger>
          <Tabs.Trigger value="connections" className="tab">
            <PlugIcon /> Connections <span className="tab-count">{formatCount(integration.connectionCount)}</span>
          </Tabs.Trigger>
          <Tabs.Trigger value="activity" className="tab">
            <ActivityIcon /> Activity
          </Tabs.Trigger>
        </Tabs.List>
        {/* Kept mounted (hidden while another tab shows), so switching tabs never drops unsaved edits. */}
        <Tabs.Content value="settings" className="tab-panel" forceMount hidden={tab !== 'settings'}>
          <SettingsTab integration={integration} />
        </Tabs.Content>
        <Tabs.Content value="api-keys" className="tab-panel">
          <ApiKeysTab integration={integration} />
        </Tabs.Content>
        <Tabs.Content value="connections" className="tab-panel">
          <ConnectionsTab integration={integration} />
        </Tabs.Content>
        <Tabs.Content value="activity" className="tab-panel">
          <ActivityTab integration={integration} />
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
