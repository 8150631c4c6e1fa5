import { AlertDialog, Checkbox } from 'radix-ui';
import { useEffect, useState } from 'react';
import type { ApiKey } from '../../../../preload/contract/api-key-models.js';
import type { Integration } from '../../../../preload/contract/models.js';
import { CopyButton } from '../../components/copy-field.js';
import { CheckIcon, InfoIcon, Spinner } from '../../components/icons.js';
import { LocalApiControl } from '../../components/local-api-settings.js';
import { ErrorState, LoadingState } from '../../components/page-states.js';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.js';
import { syncApiKeys, useApiKeys, useIntegrationKeys } from '../../stores/api-keys-store.js';
import { useLocalApi } from '../../stores/local-api-store.js';
import { toast } from '../../stores/toast-store.js';
import { GenerateApiKeyDialog } from './generate-api-key-dialog.js';
import '../../styles/api-keys.css';

/**
 * API keys of one integration: generate (configured integrations only), list with usage, revoke.
 *
 * A key's value is shown once, in the generate dialog; the list shows the non-secret public key.
 * Revocation asks for confirmation because it is immediate and cannot be undone.
 */
export function ApiKeysTab({ integration }: { integration: Integration }) {
  const { items, state, error } = useIntegrationKeys(integration.id);
  const draft = integration.status === 'draft';
  const [hideRevoked, setHideRevoked] = useState(false);
  const revokedCount = items.filter((k) => k.status === 'revoked').length;
  const shown = hideRevoked ? items.filter((k) => k.status !== 'revoked') : items;

  useEffect(() => {
    void useApiKeys.getState().load(integration.id);
    return syncApiKeys();
  }, [integration.id]);

  return (
    <section className="card" aria-labelledby="api-keys-title">
      <div className="card-header">
        <div>
          <h2 id="api-keys-title">API Keys</h2>
          <p className="subtle small">
            Scripts on this computer use a key to get working credentials for this integration’s connections from the local API.
          </p>
        </div>
        <div className="header-action">
          <GenerateApiKeyDialog
            integrationId={integration.id}
            integrationName={integration.name}
            disabled={draft}
            describedBy={draft ? 'generate-key-reason' : undefined}
          />
          {draft && (
            <p id="generate-key-reason" className="disabled-reason">
              <InfoIcon size={14} /> Verify the credentials first: only configured integrations can have API keys
            </p>
          )}
        </div>
      </div>
      <div className="card-body">
        {state === 'error' && items.length === 0 ? (
          <ErrorState title="The API keys could not be loaded" message={error} onRetry={() => void useApiKeys.getState().load(integration.id)} />
        ) : state !== 'ready' && items.length === 0 ? (
          <LoadingState label="Loading API keys…" rows={2} />
        ) : items.length === 0 ? (
          <div className="empty-inline">
            <p className="empty-title">No API keys yet</p>
            <p className="subtle">
              {draft
                ? 'This integration is a draft. Verify its credentials (at the top of the page), then generate a key.'
                : 'Generate a key for each script or tool, so each can be revoked on its own.'}
            </p>
          </div>
        ) : (
          <>
            {revokedCount > 0 && (
              <div className="key-toolbar">
                <Checkbox.Root id="hide-revoked" className="checkbox" checked={hideRevoked} onCheckedChange={(v) => setHideRevoked(v === true)}>
                  <Checkbox.Indicator className="checkbox-indicator">
                    <CheckIcon size={12} />
                  </Checkbox.Indicator>
                </Checkbox.Root>
                <label htmlFor="hide-revoked">Hide revoked ({formatCount(revokedCount)})</label>
              </div>
            )}
            {shown.length === 0 ? <p className="subtle">Every key of this integration is revoked.</p> : <KeyTable keys={shown} />}
          </>
        )}
      </div>
      <UsageHint />
    </section>
  );
}

function KeyTable({ keys }: { keys: ApiKey[] }) {
  return (
    <div className="table-card key-table">
      <table className="table">
        <caption className="sr-only">API keys of this integration</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Public key</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col" className="numeric">
              Requests
            </th>
            <th scope="col">
              <span className="sr-only">Status and actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className={key.status === 'revoked' ? 'revoked-row' : undefined}>
              <th scope="row">{key.name}</th>
              <td className="mono">{key.publicKey}</td>
              <td>
                <time dateTime={key.createdAt} title={formatDateTime(key.createdAt)}>
                  {formatRelative(key.createdAt)}
                </time>
              </td>
              <td>
                {key.lastUsedAt ? (
                  <time dateTime={key.lastUsedAt} title={formatDateTime(key.lastUsedAt)}>
                    {formatRelative(key.lastUsedAt)}
                  </time>
                ) : (
                  <span className="subtle">Never</span>
                )}
              </td>
              <td className="numeric">{formatCount(key.requestCount)}</td>
              <td className="actions-cell">
                {key.status === 'revoked' ? (
                  <span className="badge revoked" title={key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : undefined}>
                    Revoked
                  </span>
                ) : (
                  <RevokeKey apiKey={key} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeKey({ apiKey }: { apiKey: ApiKey }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const revoke = async () => {
    setBusy(true);
    setError(undefined);
    const result = await useApiKeys.getState().revoke(apiKey);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setOpen(false);
    toast('API key revoked', `“${apiKey.name}” no longer works; requests with it get 401.`);
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(undefined);
      }}
    >
      <AlertDialog.Trigger className="button danger-outline small" aria-label={`Revoke ${apiKey.name}`} data-revoke-key={apiKey.id}>
        Revoke
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content
          className="dialog"
          onCloseAutoFocus={(event) => {
            // Once revoked, the row's Revoke button is gone (a badge replaces it): focus goes to
            // Generate API key, the way to restore access, instead of falling back to <body>.
            if (document.querySelector(`[data-revoke-key="${apiKey.id}"]`)) return;
            event.preventDefault();
            document.getElementById('generate-api-key')?.focus();
          }}
        >
          <AlertDialog.Title>Revoke “{apiKey.name}”?</AlertDialog.Title>
          <AlertDialog.Description className="subtle">
            Scripts using this key ({apiKey.publicKey}) get 401 from their next request. This cannot be undone: to restore access, generate a new key.
          </AlertDialog.Description>
          {error && (
            <p className="banner error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
            <button type="button" className="button danger" onClick={() => void revoke()} disabled={busy}>
              {busy && <Spinner />} Revoke key
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** How a script uses a key, with the local API's actual address and whether it is on. */
function UsageHint() {
  const status = useLocalApi((s) => s.status);
  const base = status?.baseUrl ?? 'http://127.0.0.1:47616';
  const snippet = `curl -H "Authorization: Bearer $DESK_API_KEY" ${base}/api/v1/connections`;
  return (
    <div className="card-footer api-keys-footer">
      <div className="local-api-row">
        <p className="subtle small">
          {status?.running
            ? `The local API is on at ${base}.`
            : 'The local API is off: keys work once it is turned on.'}
        </p>
        <LocalApiControl />
      </div>
      <div className="code-sample-row">
        <pre className="code-sample" aria-label="Example request">{snippet}</pre>
        <CopyButton value={snippet} label="example request" />
      </div>
    </div>
  );
}
