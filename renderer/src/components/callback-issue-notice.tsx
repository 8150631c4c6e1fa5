import { useState } from 'react';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';
import { useIntegrations } from '../stores/integrations-store.js';
import { toast } from '../stores/toast-store.js';
import { AlertIcon, Spinner } from './icons.js';

/**
 * An integration whose Callback URL the provider would refuse (Salesforce: plain http only for
 * localhost), with the one-click fix: the provider's own form, on this integration's own path. The
 * new URL must then be registered in the provider's app, so the integration goes back to draft until
 * Verify finds it there.
 */
export function CallbackIssueNotice({ integration }: { integration: Integration }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const issue = integration.callbackIssue;
  if (!issue) return null;

  const fix = async () => {
    setBusy(true);
    setError(undefined);
    const result = await api().integrations.fixCallbackUrl({ id: integration.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useIntegrations.getState().upsert(result.value);
    toast('Callback URL changed', `Register ${result.value.callbackUrl} in the provider’s app, then verify again.`);
  };

  return (
    <div className="banner warning" role="alert" data-callback-issue>
      <AlertIcon />
      <div className="banner-body">
        <p className="banner-title">The provider would refuse this Callback URL</p>
        <p>{issue.message}</p>
        <p className="small">
          Use <code>{issue.fixedUrl}</code> instead, register it in the app, then verify again.
        </p>
        {error && <p className="field-error">{error}</p>}
        <div>
          <button type="button" className="button small" onClick={() => void fix()} disabled={busy}>
            {busy && <Spinner />} Use {issue.fixedUrl}
          </button>
        </div>
      </div>
    </div>
  );
}
