import { Dialog, RadioGroup } from 'radix-ui';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BundleMode, ExportPlan } from '../../../../preload/contract/bundle-models.js';
import { api } from '../../api/client.js';
import { downloadBundle, hasFileDialogs, newOperationId } from '../../lib/bundle-file.js';
import { useIntegrations } from '../../stores/integrations-store.js';
import { toast } from '../../stores/toast-store.js';
import { Field } from '../field.js';
import { AlertIcon, Spinner, XIcon } from '../icons.js';
import { BundleProgressBar } from './bundle-progress.js';
import '../../styles/settings.css';
import '../../styles/bundle.css';

interface ExportBundleDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Preselected integrations (an integration's menu); all of them when absent. */
  integrationIds?: string[];
}

/**
 * Export integrations to an encrypted `.deskbundle`: which ones, configuration only or a move of the
 * connections too (said plainly before confirming: they stop working here), and a passphrase typed
 * twice. The passphrase goes to main once and is cleared from this form whatever the outcome.
 */
export function ExportBundleDialog({ open, onOpenChange, integrationIds }: ExportBundleDialogProps) {
  const integrations = useIntegrations((s) => s.items);
  // Until the whole list is here the store may hold only its first rows (issue 15): not "all".
  const complete = useIntegrations((s) => s.state === 'ready');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [mode, setMode] = useState<BundleMode>('configuration');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [plan, setPlan] = useState<ExportPlan>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [operationId, setOperationId] = useState<string>();

  useEffect(() => {
    if (!open) return;
    if (useIntegrations.getState().state !== 'ready') void useIntegrations.getState().load();
    setChosen(new Set(integrationIds ?? []));
  }, [open, integrationIds]);

  const selection = useMemo(() => (chosen.size > 0 ? [...chosen] : complete ? integrations.map((i) => i.id) : []), [chosen, integrations, complete]);
  useEffect(() => {
    if (!open || selection.length === 0) return;
    let live = true;
    void api()
      .bundle.plan({ integrationIds: selection, mode })
      .then((r) => live && r.ok && setPlan(r.value));
    return () => {
      live = false;
    };
  }, [open, selection, mode]);

  const close = (next: boolean) => {
    if (!next) {
      setPassphrase('');
      setConfirm('');
      setErrors({});
      setMode('configuration');
      setOperationId(undefined);
    }
    onOpenChange(next);
  };

  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase !== confirm) {
      setErrors({ confirmPassphrase: 'The two passphrases differ' });
      return;
    }
    const id = newOperationId();
    setOperationId(id);
    setErrors({});
    const result = await api().bundle.export({
      integrationIds: selection,
      mode,
      passphrase,
      confirmPassphrase: confirm,
      operationId: id,
      delivery: hasFileDialogs() ? 'dialog' : 'download',
    });
    setPassphrase('');
    setConfirm('');
    setOperationId(undefined);
    if (!result.ok) {
      if (result.code !== 'CANCELLED') setErrors({ form: result.message, ...(result.fields ?? {}) });
      return;
    }
    if (result.value.download) downloadBundle(result.value.fileName, result.value.download);
    toast(
      'Bundle exported',
      `${result.value.integrations} integration${result.value.integrations === 1 ? '' : 's'} in ${result.value.fileName}${
        result.value.connectionsMoved > 0 ? `; ${result.value.connectionsMoved} connection${result.value.connectionsMoved === 1 ? '' : 's'} moved` : ''
      }.${result.value.download && result.value.savedTo ? ` A copy is kept on this computer: ${result.value.savedTo}` : ''}`,
    );
    close(false);
  };

  const busy = operationId !== undefined;
  const moving = mode === 'move' && (plan?.movableConnections ?? 0) > 0;

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && close(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog bundle-dialog" aria-describedby="export-bundle-description">
          <div className="dialog-header">
            <Dialog.Title>Export integrations</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close" disabled={busy}>
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description id="export-bundle-description" className="subtle">
            An encrypted file (age format) to import on another computer or keep as a backup. Their offerings come along.
          </Dialog.Description>
          <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
            <fieldset className="bundle-choices">
              <legend>Integrations {chosen.size === 0 ? '(all)' : `(${chosen.size} chosen)`}</legend>
              <ul className="bundle-list" aria-label="Integrations to export">
                {integrations.map((i) => (
                  <li key={i.id}>
                    <label>
                      <input type="checkbox" checked={chosen.has(i.id)} onChange={() => toggle(i.id)} disabled={busy} /> {i.name}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <fieldset className="bundle-choices">
              <legend>What to export</legend>
              <RadioGroup.Root className="radio-stack" value={mode} onValueChange={(v) => setMode(v as BundleMode)} aria-label="What to export" disabled={busy}>
                <label className="radio-card">
                  <RadioGroup.Item value="configuration" className="radio" aria-label="Configuration only">
                    <RadioGroup.Indicator className="radio-indicator" />
                  </RadioGroup.Item>
                  <span>
                    <strong>Configuration only</strong>
                    <span className="radio-desc">Offerings, integrations, client secrets and settings. Connections stay here, unchanged.</span>
                  </span>
                </label>
                <label className="radio-card">
                  <RadioGroup.Item value="move" className="radio" aria-label="Move connections too">
                    <RadioGroup.Indicator className="radio-indicator" />
                  </RadioGroup.Item>
                  <span>
                    <strong>Move connections too</strong>
                    <span className="radio-desc">Their tokens go in the file and are erased here.</span>
                  </span>
                </label>
              </RadioGroup.Root>
            </fieldset>
            {mode === 'move' && (
              <p className={moving ? 'banner warning' : 'banner info'} role="note" data-testid="move-warning">
                <AlertIcon />
                {moving
                  ? `${plan!.movableConnections} connection${plan!.movableConnections === 1 ? '' : 's'} will be moved: after the export ${plan!.movableConnections === 1 ? 'it stops' : 'they stop'} working on this computer (tokens erased, never refreshed here again), so each refresh token lives in one place. Import the file on the other computer to use ${plan!.movableConnections === 1 ? 'it' : 'them'} there.`
                  : 'No connected connection to move: the export will hold the configuration only.'}
              </p>
            )}
            <Field id="bundle-passphrase" label="Passphrase" error={errors.passphrase} hint="At least 10 characters. Without it the file cannot be opened: keep it somewhere safe." required>
              {(p) => <input {...p} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} disabled={busy} />}
            </Field>
            <Field id="bundle-passphrase-confirm" label="Confirm passphrase" error={errors.confirmPassphrase} required>
              {(p) => <input {...p} className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} disabled={busy} />}
            </Field>
            {errors.form && (
              <p className="banner error" role="alert">
                {errors.form}
              </p>
            )}
            <BundleProgressBar operationId={operationId} label="Export progress" />
            <div className="dialog-actions">
              <Dialog.Close className="button" disabled={busy}>
                Cancel
              </Dialog.Close>
              <button type="submit" className={mode === 'move' ? 'button danger' : 'button primary'} disabled={busy || selection.length === 0}>
                {busy && <Spinner />} {mode === 'move' ? 'Export and move' : 'Export'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
