import { useState } from 'react';
import type { Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { InfoIcon, PlusIcon, Spinner } from '../../components/icons.js';
import { plural } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';

/**
 * Connections of one integration. The rows themselves (and the sign-in flow's progress) belong to the
 * connections module; this tab owns the rule the admin must see: a draft integration cannot create
 * connections, and the New Connection button says why.
 */
export function ConnectionsTab({ integration }: { integration: Integration }) {
  const draft = integration.status === 'draft';
  const [starting, setStarting] = useState(false);

  const start = async () => {
    setStarting(true);
    const result = await api().connections.start({ integrationId: integration.id });
    setStarting(false);
    if (!result.ok) {
      toast('Could not start the sign-in', result.message, 'error');
      return;
    }
    // In Electron main opens the system browser itself; in browser mode the page opens a new tab.
    if (!result.value.opened) window.open(result.value.authorizationUrl, '_blank', 'noopener,noreferrer');
    toast('Finish signing in in your browser', 'The connection appears here once the provider redirects back.', 'info');
  };

  return (
    <section className="card" aria-labelledby="connections-title">
      <div className="card-header">
        <div>
          <h2 id="connections-title">Connections</h2>
          <p className="subtle small">Each connection is one user’s authorized account, stored encrypted on this machine.</p>
        </div>
        <div className="header-action">
          <button
            type="button"
            className="button primary"
            disabled={draft || starting}
            aria-describedby={draft ? 'new-connection-reason' : undefined}
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
      <div className="card-body">
        {integration.connectionCount === 0 ? (
          <div className="empty-inline">
            <p className="empty-title">No connections yet</p>
            <p className="subtle">
              {draft
                ? 'This integration is a draft. Verify its credentials (at the top of the page) to make it configured, then add connections.'
                : 'Use New Connection to have a user sign in with the provider in the system browser.'}
            </p>
          </div>
        ) : (
          <p className="subtle">{plural(integration.connectionCount, 'connection')}.</p>
        )}
      </div>
    </section>
  );
}
