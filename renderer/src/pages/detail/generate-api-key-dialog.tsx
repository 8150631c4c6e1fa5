import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import type { CreatedApiKey } from '../../../../preload/contract/api-key-models.js';
import { CopyField } from '../../components/copy-field.js';
import { Field } from '../../components/field.js';
import { AlertIcon, KeyIcon, Spinner, XIcon } from '../../components/icons.js';
import { useApiKeys } from '../../stores/api-keys-store.js';

interface GenerateApiKeyDialogProps {
  integrationId: string;
  integrationName: string;
  disabled: boolean;
  describedBy?: string;
}

/**
 * Generate API key: asks for the API Key Name, then shows the value exactly once.
 *
 * The value lives only in this dialog's state and is dropped when it closes (it is not in any store,
 * and main cannot produce it again). Clicking outside does not close the reveal step, so the value is
 * not lost by a stray click; Escape and Done do.
 */
export function GenerateApiKeyDialog({ integrationId, integrationName, disabled, describedBy }: GenerateApiKeyDialogProps) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<CreatedApiKey>();
  const [copied, setCopied] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);

  const reset = () => {
    setName('');
    setError(undefined);
    setCreated(undefined);
    setBusy(false);
    setCopied(false);
    setConfirmClose(false);
  };
  const close = () => {
    setOpen(false);
    reset();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('API Key Name is required');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await useApiKeys.getState().create(integrationId, name.trim());
    setBusy(false);
    if (result.ok) setCreated(result.value);
    else setError(result.fields?.name ?? result.message);
  };

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        // The key is shown once: closing before it was copied asks first.
        if (!next && created && !copied) {
          setConfirmClose(true);
          return;
        }
        setOpen(next);
        if (!next) reset();
      }}
    >
      <Dialog.Trigger id="generate-api-key" className="button primary" disabled={disabled} aria-describedby={describedBy}>
        <KeyIcon /> Generate API key
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" onInteractOutside={(e) => created && e.preventDefault()}>
          <div className="dialog-header">
            <Dialog.Title>{created ? 'Copy your API key now' : 'Generate API key'}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <XIcon />
            </Dialog.Close>
          </div>
          {created ? (
            <>
              <Dialog.Description className="subtle">
                “{created.key.name}” can read the connections of {integrationName} through the local API.
              </Dialog.Description>
              <p className="banner warning compact" role="status">
                <AlertIcon />
                <span className="banner-body">
                  <span className="banner-title">This is the only time the key is shown.</span>
                  <span>Integrations Desk keeps only a hash of it. If you lose it, revoke it and generate another.</span>
                </span>
              </p>
              <div className="key-secret">
                <CopyField
                  id="api-key-value"
                  label="API key"
                  value={created.value}
                  hint="Send it as Authorization: Bearer <API key>."
                  onCopied={() => {
                    setCopied(true);
                    setConfirmClose(false);
                  }}
                />
              </div>
              <CopyField id="api-key-public" label="Public key" value={created.key.publicKey} hint="Not a secret: use it to tell keys apart, in logs or tickets." />
              {confirmClose ? (
                <div className="banner danger close-confirm" role="alert">
                  <AlertIcon />
                  <div className="banner-body">
                    <p className="banner-title">Close without copying?</p>
                    <p>The key cannot be shown again: without it, you will have to revoke it and generate another.</p>
                    <div className="banner-actions">
                      <button type="button" className="button small" onClick={() => setConfirmClose(false)} autoFocus>
                        Go back
                      </button>
                      <button type="button" className="button danger small" onClick={close}>
                        Close without copying
                      </button>
                    </div>
                  </div>
                </div>
              ) : (
                <div className="dialog-actions">
                  <Dialog.Close className="button primary">Done</Dialog.Close>
                </div>
              )}
            </>
          ) : (
            <form onSubmit={(e) => void submit(e)} noValidate className="form-stack">
              <Dialog.Description className="subtle">
                Name the key after the script or tool that will use it, so you know what breaks if you revoke it.
              </Dialog.Description>
              <Field id="api-key-name" label="API Key Name" required error={error} hint="For example “Nightly sync” or “Ops laptop”.">
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    value={name}
                    maxLength={100}
                    autoComplete="off"
                    autoFocus
                    onChange={(e) => {
                      setName(e.target.value);
                      if (error) setError(undefined);
                    }}
                  />
                )}
              </Field>
              <div className="dialog-actions">
                <Dialog.Close className="button" type="button">
                  Cancel
                </Dialog.Close>
                <button type="submit" className="button primary" disabled={busy}>
                  {busy && <Spinner />} Generate
                </button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
