import { AlertDialog, Switch } from 'radix-ui';
import { useState } from 'react';
import type { Offering } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';
import { PencilIcon, PlusIcon, Spinner, TrashIcon } from '../components/icons.js';
import { ErrorState, LoadingState } from '../components/page-states.js';
import { plural } from '../lib/format.js';
import { useOfferings } from '../stores/offerings-store.js';
import { toast } from '../stores/toast-store.js';
import { OfferingDialog } from './offerings/offering-dialog.js';

/** Where an offering's provider lives, as one line: the login URL, the issuer or the token endpoint. */
function providerLocation(o: Offering): string {
  if (o.kind === 'salesforce') return o.loginUrl ?? '—';
  return o.issuer ?? o.endpoints?.token ?? '—';
}

/**
 * Admin → Offerings: which providers and environments integrations may be created for. Disabled
 * offerings disappear from the create form's dropdown; integrations already using them keep working.
 */
export function OfferingsPage() {
  const { items, state, error, load } = useOfferings();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <p className="eyebrow">Admin</p>
          <h1 id="page-title">Offerings</h1>
          <p className="subtle">The providers and environments integrations can be created for.</p>
        </div>
        <OfferingDialog
          trigger={
            <button type="button" className="button primary">
              <PlusIcon /> Add offering
            </button>
          }
        />
      </header>
      {state === 'error' && items.length === 0 ? (
        <ErrorState title="The offerings could not be loaded" message={error} onRetry={() => void load()} />
      ) : state !== 'ready' ? (
        <LoadingState label="Loading offerings…" />
      ) : (
        <div className="card table-card">
          <table className="table">
            <caption className="sr-only">Offerings</caption>
            <thead>
              <tr>
                <th scope="col">Offering</th>
                <th scope="col">Provider</th>
                <th scope="col">Scopes</th>
                <th scope="col" className="numeric">
                  In use by
                </th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <OfferingRow key={o.id} offering={o} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OfferingRow({ offering: o }: { offering: Offering }) {
  const [busy, setBusy] = useState(false);
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    const result = await api().offerings.setEnabled({ id: o.id, enabled });
    setBusy(false);
    if (result.ok) {
      useOfferings.getState().upsert(result.value);
      toast(enabled ? 'Offering enabled' : 'Offering disabled', enabled ? `${o.name} is available for new integrations.` : `${o.name} is hidden from new integrations; existing ones keep working.`);
    } else toast('Could not change the offering', result.message, 'error');
  };
  return (
    <tr className={o.enabled ? undefined : 'disabled-row'}>
      <th scope="row">
        <div className="cell-title">{o.name}</div>
        <div className="cell-sub">
          <span className={`env-tag ${o.environment}`}>{o.environment === 'production' ? 'Production' : 'Sandbox'}</span>
          {o.kind === 'salesforce' ? 'Salesforce' : 'Generic OAuth 2.0 / OIDC'}
          {o.builtIn && <span className="tag">Built-in</span>}
        </div>
      </th>
      <td className="mono truncate-cell" title={providerLocation(o)}>
        {providerLocation(o)}
      </td>
      <td>
        <div className="chips">
          {o.requiredScopes.map((s) => (
            <span key={s} className="chip required" title="Required">
              {s}
            </span>
          ))}
          {o.optionalScopes.map((s) => (
            <span key={s} className="chip" title="Optional">
              {s}
            </span>
          ))}
        </div>
      </td>
      <td className="numeric">{plural(o.integrationCount, 'integration')}</td>
      <td>
        <Switch.Root className="switch" checked={o.enabled} disabled={busy} onCheckedChange={(v) => void toggle(v)} aria-label={`Enabled: ${o.name}`}>
          <Switch.Thumb className="switch-thumb" />
        </Switch.Root>
      </td>
      <td className="actions-cell">
        <OfferingDialog
          offering={o}
          trigger={
            <button type="button" className="icon-button" aria-label={`Edit ${o.name}`} title="Edit">
              <PencilIcon />
            </button>
          }
        />
        {!o.builtIn && <DeleteOffering offering={o} />}
      </td>
    </tr>
  );
}

function DeleteOffering({ offering: o }: { offering: Offering }) {
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const inUse = o.integrationCount > 0;
  const remove = async () => {
    setBusy(true);
    const result = await api().offerings.delete({ id: o.id });
    setBusy(false);
    if (result.ok) {
      setOpen(false);
      useOfferings.getState().remove(o.id);
      toast('Offering deleted', o.name);
    } else setError(result.message);
  };
  return (
    <AlertDialog.Root open={open} onOpenChange={(v) => (setOpen(v), setError(undefined))}>
      <AlertDialog.Trigger
        className="icon-button danger"
        aria-label={inUse ? `Delete ${o.name} (in use: disable it instead)` : `Delete ${o.name}`}
        title={inUse ? 'In use: disable it instead' : 'Delete'}
        disabled={inUse}
      >
        <TrashIcon />
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title>Delete “{o.name}”?</AlertDialog.Title>
          <AlertDialog.Description className="subtle">No integration uses it. It will no longer be offered.</AlertDialog.Description>
          {error && (
            <p className="banner error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
            <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
              {busy && <Spinner />} Delete offering
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
