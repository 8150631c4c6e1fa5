import { Switch } from 'radix-ui';
import { useEffect, useState, type FormEvent } from 'react';
import type { BackupStatus } from '../../../../preload/contract/bundle-models.js';
import { api } from '../../api/client.js';
import { hasFileDialogs } from '../../lib/bundle-file.js';
import { formatDateTime } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { Field } from '../field.js';
import { Spinner } from '../icons.js';
import { ImportBundleDialog } from './import-bundle-dialog.js';

/**
 * Automatic local backups (opt-in): a daily encrypted configuration bundle in a chosen folder, the
 * newest N kept; each listed one can be restored through the import.
 */
export function BackupSettings() {
  const [status, setStatus] = useState<BackupStatus>();
  const [enabled, setEnabled] = useState(false);
  const [folder, setFolder] = useState('');
  const [keep, setKeep] = useState('7');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [restore, setRestore] = useState<string>();

  const show = (s: BackupStatus) => {
    setStatus(s);
    setEnabled(s.enabled);
    setFolder(s.folder ?? '');
    setKeep(String(s.keep));
  };
  useEffect(() => {
    void api()
      .bundle.backups()
      .then((r) => r.ok && show(r.value));
  }, []);

  const chooseFolder = async () => {
    const result = await api().bundle.pickBackupFolder();
    if (result.ok) setFolder(result.value.folder);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase !== confirm) {
      setErrors({ confirmPassphrase: 'The two passphrases differ' });
      return;
    }
    setBusy(true);
    const result = await api().bundle.configureBackups({
      enabled,
      folder: folder.trim() || undefined,
      keep: Number(keep),
      ...(passphrase ? { passphrase, confirmPassphrase: confirm } : {}),
    });
    setBusy(false);
    setPassphrase('');
    setConfirm('');
    if (result.ok) {
      setErrors({});
      show(result.value);
      toast('Backup settings saved');
    } else setErrors({ form: result.message, ...(result.fields ?? {}) });
  };

  const backupNow = async () => {
    setBusy(true);
    const result = await api().bundle.backupNow();
    setBusy(false);
    if (result.ok) {
      show(result.value);
      toast('Backup written');
    } else setErrors({ form: result.message });
  };

  if (!status) return <p className="subtle"><Spinner /> Loading the backup settings…</p>;
  return (
    <div className="form-stack">
      <form className="form-stack" onSubmit={(e) => void save(e)} noValidate>
        <label className="bundle-file-row">
          <Switch.Root className="switch" checked={enabled} onCheckedChange={setEnabled} aria-label="Automatic backups">
            <Switch.Thumb className="switch-thumb" />
          </Switch.Root>
          Back up the configuration every day (integrations, client secrets, settings; never connections)
        </label>
        <Field id="backup-folder" label="Folder" error={errors.folder} hint="Its full path. Only files this feature names are ever deleted there.">
          {(p) => (
            <div className="bundle-file-row">
              <input {...p} className="input" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/Backups/integrations-desk" />
              {hasFileDialogs() && (
                <button type="button" className="button" onClick={() => void chooseFolder()}>
                  Choose…
                </button>
              )}
            </div>
          )}
        </Field>
        <Field id="backup-keep" label="Keep the last" error={errors.keep} hint="backups">
          {(p) => <input {...p} className="input port-input" type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(e.target.value)} />}
        </Field>
        <Field id="backup-passphrase" label={status.passphraseSet ? 'New passphrase (leave empty to keep it)' : 'Passphrase'} error={errors.passphrase} hint="At least 10 characters; needed to restore.">
          {(p) => <input {...p} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <Field id="backup-passphrase-confirm" label="Confirm passphrase" error={errors.confirmPassphrase}>
          {(p) => <input {...p} className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        {(errors.form || status.lastError) && (
          <p className="banner error" role="alert">
            {errors.form ?? status.lastError}
          </p>
        )}
        <div className="bundle-section-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy && <Spinner />} Save backup settings
          </button>
          <button type="button" className="button" onClick={() => void backupNow()} disabled={busy || !status.folder || !status.passphraseSet}>
            Back up now
          </button>
        </div>
      </form>
      <p className="subtle small">
        {status.lastBackupAt ? `Last backup ${formatDateTime(status.lastBackupAt)}.` : 'No backup yet.'}
        {status.nextBackupAt ? ` Next around ${formatDateTime(status.nextBackupAt)}.` : ''}
      </p>
      {status.files.length > 0 && (
        <ul className="bundle-backups-list" aria-label="Backups">
          {status.files.map((f) => (
            <li key={f.name}>
              <span>
                {formatDateTime(f.at)} <span className="subtle small">({Math.max(1, Math.round(f.bytes / 1024))} KB)</span>
              </span>
              <button type="button" className="button small" onClick={() => setRestore(f.name)}>
                Restore…
              </button>
            </li>
          ))}
        </ul>
      )}
      {restore && <ImportBundleDialog open onOpenChange={(open) => !open && setRestore(undefined)} backupFile={restore} />}
    </div>
  );
}
