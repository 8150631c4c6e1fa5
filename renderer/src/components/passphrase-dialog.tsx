import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { useSecurity } from '../stores/security-store.js';
import { toast } from '../stores/toast-store.js';
import { Field } from './field.js';
import { Spinner, XIcon } from './icons.js';

interface PassphraseDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
}

/**
 * Set a vault passphrase: typed twice, sent once, and cleared from memory as soon as main answers,
 * whatever the outcome (the admin retypes it rather than it lingering in React state).
 */
export function PassphraseDialog({ open, onOpenChange }: PassphraseDialogProps) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const close = (next: boolean) => {
    if (!next) {
      setPassphrase('');
      setConfirm('');
      setErrors({});
    }
    onOpenChange(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase !== confirm) {
      setErrors({ confirm: 'The two passphrases differ' });
      return;
    }
    setBusy(true);
    const result = await api().security.setPassphrase({ passphrase });
    setBusy(false);
    if (result.ok) {
      useSecurity.getState().set(result.value);
      toast('Vault passphrase set', 'Secrets are now encrypted with your passphrase.');
      close(false);
    } else {
      setErrors({ passphrase: result.fields?.passphrase ?? result.message });
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={close}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <div className="dialog-header">
            <Dialog.Title>Set a vault passphrase</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description className="subtle">
            Secrets will be encrypted with a key derived from this passphrase. You enter it each time the app starts. If you
            forget it, the saved client secrets cannot be recovered and must be entered again.
          </Dialog.Description>
          <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
            <Field id="vault-passphrase" label="Passphrase" error={errors.passphrase} hint="At least 8 characters." required>
              {(p) => (
                <input {...p} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
              )}
            </Field>
            <Field id="vault-passphrase-confirm" label="Confirm passphrase" error={errors.confirm} required>
              {(p) => (
                <input {...p} className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
              )}
            </Field>
            <div className="dialog-actions">
              <Dialog.Close className="button">Cancel</Dialog.Close>
              <button type="submit" className="button primary" disabled={busy}>
                {busy && <Spinner />} Set passphrase
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
