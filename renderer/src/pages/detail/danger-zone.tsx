import { AlertDialog } from 'radix-ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { Spinner, TrashIcon } from '../../components/icons.js';
import { plural } from '../../lib/format.js';
import { useIntegrations } from '../../stores/integrations-store.js';
import { toast } from '../../stores/toast-store.js';

/** Delete the integration, after a confirmation that names it and says what goes with it. */
export function DangerZone({ integration }: { integration: Integration }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    const result = await api().integrations.delete({ id: integration.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setOpen(false);
    useIntegrations.getState().remove(integration.id);
    toast('Integration deleted', `${integration.name} and its stored secret were removed.`);
    void navigate('/oauth');
  };

  return (
    <section className="card danger-zone" aria-labelledby="danger-title">
      <div className="card-header">
        <h2 id="danger-title">Danger zone</h2>
      </div>
      <div className="card-body danger-row">
        <div>
          <p className="danger-lead">Delete this integration</p>
          <p className="subtle small">
            Its connections are revoked at the provider and its Client Secret is erased. This cannot be undone.
          </p>
        </div>
        <AlertDialog.Root
          open={open}
          onOpenChange={(next) => {
            setOpen(next);
            if (!next) setError(undefined);
          }}
        >
          <AlertDialog.Trigger className="button danger-outline">
            <TrashIcon /> Delete integration
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="dialog-overlay" />
            <AlertDialog.Content className="dialog">
              <AlertDialog.Title>Delete “{integration.name}”?</AlertDialog.Title>
              <AlertDialog.Description className="subtle">
                {integration.connectionCount > 0
                  ? `Its ${plural(integration.connectionCount, 'connection')} will be revoked at the provider, `
                  : 'It has no connections. '}
                {integration.connectionCount > 0 ? 'and its' : 'Its'} stored Client Secret will be erased. This cannot be undone.
              </AlertDialog.Description>
              {error && (
                <p className="banner error" role="alert">
                  {error}
                </p>
              )}
              <div className="dialog-actions">
                <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
                <button type="button" className="button danger" onClick={() => void remove()} disabled={busy}>
                  {busy && <Spinner />} Delete “{integration.name}”
                </button>
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
      </div>
    </section>
  );
}
