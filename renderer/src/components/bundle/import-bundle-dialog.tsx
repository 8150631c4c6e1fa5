import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import type { BundlePreview, ConflictChoice, ImportResult, PreviewIntegration } from '../../../../preload/contract/bundle-models.js';
import { api } from '../../api/client.js';
import { hasFileDialogs, newOperationId, readFileBase64 } from '../../lib/bundle-file.js';
import { formatDateTime } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { Field } from '../field.js';
import { AlertIcon, Spinner, XIcon } from '../icons.js';
import { BundleProgressBar } from './bundle-progress.js';
import '../../styles/bundle.css';

interface ImportBundleDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Restore this automatic backup (a file name in the backups folder) instead of choosing a file. */
  backupFile?: string;
}

type Source = { fileId: string; fileName: string } | { upload: { fileName: string; data: string } } | { backup: string };

const CHOICE_WORDS: Record<ConflictChoice, string> = {
  keep: 'Keep this computer’s',
  replace: 'Replace with the bundle’s',
  'keep-both': 'Keep both',
};

const BY_WORDS = { id: 'the same integration', name: 'same name', clientId: 'same Client ID' } as const;

/**
 * Import a bundle: choose the file (the system dialog in the desktop app, an upload in browser mode),
 * the passphrase, then a preview — what is new, what conflicts and which side is newer, the Callback
 * URL each integration gets here — with a choice per conflict, and one all-or-nothing apply.
 */
export function ImportBundleDialog({ open, onOpenChange, backupFile }: ImportBundleDialogProps) {
  const [source, setSource] = useState<Source | undefined>(backupFile ? { backup: backupFile } : undefined);
  const [passphrase, setPassphrase] = useState('');
  const [preview, setPreview] = useState<BundlePreview>();
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  const [applySettings, setApplySettings] = useState(false);
  const [error, setError] = useState<string>();
  const [operationId, setOperationId] = useState<string>();

  const reset = () => {
    setPassphrase('');
    setPreview(undefined);
    setChoices({});
    setApplySettings(false);
    setError(undefined);
    setOperationId(undefined);
    setSource(backupFile ? { backup: backupFile } : undefined);
  };
  const close = (next: boolean) => {
    if (!next) {
      if (preview) void api().bundle.discard({ previewId: preview.previewId });
      reset();
    }
    onOpenChange(next);
  };

  const pick = async () => {
    setError(undefined);
    const result = await api().bundle.pickFile();
    if (result.ok) setSource(result.value);
    else if (result.code !== 'CANCELLED') setError(result.message);
  };

  const upload = async (file: File | undefined) => {
    setError(undefined);
    if (!file) return;
    setSource({ upload: { fileName: file.name, data: await readFileBase64(file) } });
  };

  const read = async (event: FormEvent) => {
    event.preventDefault();
    if (!source) {
      setError('Choose a bundle file first.');
      return;
    }
    const id = newOperationId();
    setOperationId(id);
    setError(undefined);
    const payloadSource = 'fileId' in source ? { fileId: source.fileId } : source;
    const result = await api().bundle.preview({ source: payloadSource, passphrase, operationId: id });
    setPassphrase('');
    setOperationId(undefined);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setPreview(result.value);
    setChoices(Object.fromEntries(result.value.integrations.filter((i) => i.conflict).map((i) => [i.bundleId, i.conflict!.newer === 'bundle' ? 'replace' : 'keep'])));
    setApplySettings(false);
  };

  const apply = async () => {
    if (!preview) return;
    const id = newOperationId();
    setOperationId(id);
    setError(undefined);
    const result = await api().bundle.apply({ previewId: preview.previewId, choices, applySettings, operationId: id });
    setOperationId(undefined);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    toast('Bundle imported', importWords(result.value));
    reset();
    onOpenChange(false);
  };

  const busy = operationId !== undefined;
  const fileName = source ? ('fileName' in source ? source.fileName : 'upload' in source ? source.upload.fileName : source.backup) : undefined;

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && close(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className={preview ? 'dialog bundle-dialog wide' : 'dialog bundle-dialog'} aria-describedby="import-bundle-description">
          <div className="dialog-header">
            <Dialog.Title>{backupFile ? 'Restore a backup' : 'Import a bundle'}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close" disabled={busy}>
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description id="import-bundle-description" className="subtle">
            Nothing changes until you apply the import, and then it is all or nothing. Imported integrations start as drafts: verify each
            one on this computer.
          </Dialog.Description>

          {!preview ? (
            <form className="form-stack" onSubmit={(e) => void read(e)} noValidate>
              {!backupFile && (
                <div className="bundle-file-row">
                  {hasFileDialogs() ? (
                    <button type="button" className="button" onClick={() => void pick()} disabled={busy}>
                      Choose a file…
                    </button>
                  ) : (
                    <label className="button">
                      Choose a file…
                      <input type="file" accept=".deskbundle" className="sr-only" aria-label="Bundle file" onChange={(e) => void upload(e.target.files?.[0])} disabled={busy} />
                    </label>
                  )}
                  <span className="subtle" data-testid="bundle-file-name">
                    {fileName ?? 'No file chosen'}
                  </span>
                </div>
              )}
              <Field id="import-passphrase" label="Passphrase" hint="The one typed when the bundle was exported." required>
                {(p) => <input {...p} className="input" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} disabled={busy} />}
              </Field>
              {error && (
                <p className="banner error" role="alert">
                  <AlertIcon /> {error}
                </p>
              )}
              <BundleProgressBar operationId={operationId} label="Reading progress" />
              <div className="dialog-actions">
                <Dialog.Close className="button" disabled={busy}>
                  Cancel
                </Dialog.Close>
                <button type="submit" className="button primary" disabled={busy || !source || passphrase === ''}>
                  {busy && <Spinner />} Open bundle
                </button>
              </div>
            </form>
          ) : (
            <div className="form-stack">
              <p className="subtle small">
                {preview.fileName}: {preview.mode === 'move' ? 'a move (connections included)' : 'configuration only'}, made {formatDateTime(preview.createdAt)} by version{' '}
                {preview.appVersion}
                {preview.migratedFrom !== undefined ? ` (an older format, ${preview.migratedFrom}, read and migrated)` : ''}.
              </p>
              <table className="bundle-preview-table" aria-label="What the bundle holds">
                <thead>
                  <tr>
                    <th scope="col">Integration</th>
                    <th scope="col">Here</th>
                    <th scope="col">Callback URL on this computer</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.integrations.map((i) => (
                    <PreviewRow key={i.bundleId} item={i} choice={choices[i.bundleId]} onChoice={(c) => setChoices((all) => ({ ...all, [i.bundleId]: c }))} disabled={busy} />
                  ))}
                </tbody>
              </table>
              {preview.offerings.some((o) => o.state === 'new') && (
                <p className="subtle small">New offerings: {preview.offerings.filter((o) => o.state === 'new').map((o) => o.name).join(', ')}.</p>
              )}
              {preview.settingsDiffer && (
                <label className="bundle-file-row">
                  <input type="checkbox" checked={applySettings} onChange={(e) => setApplySettings(e.target.checked)} disabled={busy} /> Also apply the bundle’s settings
                  (Callback URL host and port, token lifetime, keep-alive)
                </label>
              )}
              {error && (
                <p className="banner error" role="alert">
                  <AlertIcon /> {error}
                </p>
              )}
              <BundleProgressBar operationId={operationId} label="Import progress" />
              <div className="dialog-actions">
                <button type="button" className="button" onClick={() => close(false)} disabled={busy}>
                  Cancel
                </button>
                <button type="button" className="button primary" onClick={() => void apply()} disabled={busy}>
                  {busy && <Spinner />} Import
                </button>
              </div>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PreviewRow({ item: i, choice, onChoice, disabled }: { item: PreviewIntegration; choice?: ConflictChoice; onChoice(c: ConflictChoice): void; disabled: boolean }) {
  return (
    <tr data-bundle-integration={i.name}>
      <td>
        <strong>{i.name}</strong>
        <span className="cell-sub">
          {i.offeringName} · <span className="mono">{i.clientId}</span>
          {i.connections > 0 ? ` · ${i.connections} connection${i.connections === 1 ? '' : 's'}` : ''}
        </span>
      </td>
      <td>
        {i.conflict ? (
          <>
            <span className="cell-sub">
              Conflicts with “{i.conflict.localName}” ({i.conflict.by.map((b) => BY_WORDS[b]).join(', ')});{' '}
              {i.conflict.newer === 'same' ? 'changed at the same time' : i.conflict.newer === 'bundle' ? 'the bundle’s is newer' : 'this computer’s is newer'}
            </span>
            <select aria-label={`What to do with ${i.name}`} value={choice ?? 'keep'} onChange={(e) => onChoice(e.target.value as ConflictChoice)} disabled={disabled}>
              {(Object.keys(CHOICE_WORDS) as ConflictChoice[]).map((c) => (
                <option key={c} value={c}>
                  {CHOICE_WORDS[c]}
                </option>
              ))}
            </select>
            {choice === 'keep' && i.connections > 0 && <span className="cell-sub warning">Its connections in the bundle will not be imported.</span>}
          </>
        ) : (
          'New'
        )}
      </td>
      <td>
        <span className="mono wrap-text">{i.callbackUrl.here}</span>
        {i.callbackUrl.differs && (
          <span className="cell-sub warning">
            <AlertIcon size={12} /> Differs from the exporting computer’s ({i.callbackUrl.there}): register this one at the provider.
          </span>
        )}
      </td>
    </tr>
  );
}

function importWords(r: ImportResult): string {
  const parts = [
    r.added && `${r.added} new`,
    r.replaced && `${r.replaced} replaced`,
    r.keptBoth && `${r.keptBoth} kept both`,
    r.skipped && `${r.skipped} kept as they were`,
    r.connections && `${r.connections} connection${r.connections === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `${parts.join(', ') || 'Nothing to import'}. Imported integrations are drafts: verify them here.`;
}
