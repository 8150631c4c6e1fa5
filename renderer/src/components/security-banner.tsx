import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { advisoryNotice, recoveryKey, useSecurity } from '../stores/security-store.js';
import { toast } from '../stores/toast-store.js';
import { AlertIcon, LockIcon, ShieldIcon, Spinner, XIcon } from './icons.js';
import { PassphraseDialog } from './passphrase-dialog.js';

/**
 * The security posture, at the top of every page, whenever it needs the admin: a vault whose key is
 * missing (restore it; nothing is saved meanwhile), a locked vault (unlock), a vault that would only
 * obfuscate secrets (set a passphrase or accept), secrets still under browser mode's key (re-encrypt),
 * secrets only the desktop app can open (what to do), weaker-than-keyring protection (advice,
 * dismissible), and stores main restored from a backup.
 */
export function SecurityBanner() {
  const { status, dismissed, advisoryHidden, dismissedNotices } = useSecurity();
  const [dialogOpen, setDialogOpen] = useState(false);
  if (!status) return null;
  const { vault } = status;
  const recoveries = status.recoveries.filter((r) => !dismissed.includes(recoveryKey(r)));
  const advisory =
    vault.state === 'ready' &&
    (vault.protection === 'weak' || vault.protection === 'key-file') &&
    !advisoryHidden &&
    !dismissedNotices.includes(advisoryNotice(vault.protection));

  return (
    <div className="banners">
      {vault.state === 'key-missing' && (
        <section className="banner danger" aria-labelledby="vault-key-missing-title">
          <AlertIcon />
          <div className="banner-body">
            <h2 id="vault-key-missing-title" className="banner-title">The vault key is missing</h2>
            <p>{vault.message}</p>
          </div>
        </section>
      )}
      {vault.state === 'locked' && <UnlockBanner message={vault.message} />}
      {vault.state === 'needs-decision' && (
        <section className="banner warning" aria-labelledby="vault-banner-title">
          <AlertIcon />
          <div className="banner-body">
            <h2 id="vault-banner-title" className="banner-title">Secrets would only be obfuscated</h2>
            <p>{vault.message}</p>
            <div className="banner-actions">
              <button type="button" className="button primary small" onClick={() => setDialogOpen(true)}>
                Set a passphrase
              </button>
              <AcceptWeakButton />
            </div>
          </div>
        </section>
      )}
      {vault.state === 'ready' && vault.reencrypt && <ReencryptBanner from={vault.reencrypt.from} to={vault.reencrypt.to} />}
      {vault.desktopOnly && (
        <section className="banner warning" aria-labelledby="vault-desktop-only-title">
          <AlertIcon />
          <div className="banner-body">
            <h2 id="vault-desktop-only-title" className="banner-title">Some secrets can only be opened in the desktop app</h2>
            <p>{vault.desktopOnly.message}</p>
          </div>
        </section>
      )}
      {advisory && (
        <section className="banner info compact" aria-labelledby="vault-advice-title">
          <ShieldIcon />
          <div className="banner-body">
            <h2 id="vault-advice-title" className="banner-title">
              {vault.protection === 'weak' ? 'Secrets are only obfuscated' : 'Secrets are protected by a key file'}
            </h2>
            <p>{vault.message}</p>
          </div>
          <button type="button" className="button small" onClick={() => setDialogOpen(true)}>
            Set a passphrase
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss this notice for good"
            title="Dismiss for good (the sidebar still shows how secrets are protected)"
            onClick={() => void useSecurity.getState().hideAdvisory()}
          >
            <XIcon size={14} />
          </button>
        </section>
      )}
      {recoveries.map((r) => (
        <section key={recoveryKey(r)} className="banner warning" aria-label={`The ${r.store} store was restored`}>
          <AlertIcon />
          <div className="banner-body">
            <h2 className="banner-title">The {r.store} store was restored from {r.restoredFrom === 'backup' ? 'its backup' : 'defaults'}</h2>
            <p>
              It could not be read ({r.reason}). The damaged file was kept as <code>{r.quarantinedFile}</code>.
              {r.restoredFrom === 'defaults' && ' Recent changes to it may need to be made again.'}
            </p>
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss this notice" onClick={() => useSecurity.getState().dismissRecovery(recoveryKey(r))}>
            <XIcon size={14} />
          </button>
        </section>
      ))}
      <PassphraseDialog open={dialogOpen} onOpenChange={setDialogOpen} />
    </div>
  );
}

function AcceptWeakButton() {
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    setBusy(true);
    const result = await api().security.acceptWeakProtection();
    setBusy(false);
    if (result.ok) useSecurity.getState().set(result.value);
    else toast('Could not change the protection', result.message, 'error');
  };
  return (
    <button type="button" className="button small" disabled={busy} onClick={() => void accept()}>
      {busy && <Spinner />} Accept weaker protection
    </button>
  );
}

/** Offers to move the secrets browser mode saved under its key to the desktop app's key store. */
function ReencryptBanner({ from, to }: { from: string; to: string }) {
  const [busy, setBusy] = useState(false);
  const reencrypt = async () => {
    setBusy(true);
    const result = await api().security.reencrypt();
    setBusy(false);
    if (result.ok) {
      useSecurity.getState().set(result.value);
      toast('Secrets re-encrypted');
    } else toast('Could not re-encrypt the secrets', result.message, 'error');
  };
  return (
    <section className="banner info" aria-labelledby="vault-reencrypt-title">
      <ShieldIcon />
      <div className="banner-body">
        <h2 id="vault-reencrypt-title" className="banner-title">Some secrets still use browser mode’s key</h2>
        <p>
          They were saved in browser mode and are encrypted with {from}. Re-encrypt them with {to}, which protects every other
          secret of the desktop app.
        </p>
        <div className="banner-actions">
          <button type="button" className="button primary small" disabled={busy} onClick={() => void reencrypt()}>
            {busy && <Spinner />} Re-encrypt with {to}
          </button>
        </div>
      </div>
    </section>
  );
}

function UnlockBanner({ message }: { message: string }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api().security.unlock({ passphrase });
    setBusy(false);
    // The passphrase is not kept, whatever the answer.
    setPassphrase('');
    if (result.ok) {
      useSecurity.getState().set(result.value);
      toast('Vault unlocked');
    } else setError(result.fields?.passphrase ?? result.message);
  };
  return (
    <section className="banner danger" aria-labelledby="vault-locked-title">
      <LockIcon />
      <div className="banner-body">
        <h2 id="vault-locked-title" className="banner-title">Secrets are locked</h2>
        <p>{message}</p>
        <form className="banner-actions" onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="unlock-passphrase" className="sr-only">
            Vault passphrase
          </label>
          <input
            id="unlock-passphrase"
            className="input compact"
            type="password"
            autoComplete="current-password"
            placeholder="Vault passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-error' : undefined}
          />
          <button type="submit" className="button primary small" disabled={busy || passphrase === ''}>
            {busy && <Spinner />} Unlock
          </button>
          {error && (
            <span id="unlock-error" className="field-error inline">
              {error}
            </span>
          )}
        </form>
      </div>
    </section>
  );
}
