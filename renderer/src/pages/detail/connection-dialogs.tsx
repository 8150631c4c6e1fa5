import { AlertDialog, Dialog } from 'radix-ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Connection, HealthReport, HealthStep } from '../../../../preload/contract/connection-models.js';
import { api } from '../../api/client.js';
import { AlertIcon, CheckIcon, MinusIcon, RefreshIcon, Spinner, XIcon } from '../../components/icons.js';
import { statusWords } from '../../lib/connection-words.js';
import { formatCount, formatDateTime } from '../../lib/format.js';
import { useConnections } from '../../stores/connections-store.js';
import { toast } from '../../stores/toast-store.js';

export type ConnectionDialogKind = 'test' | 'revoke' | 'delete';

export interface ConnectionDialogState {
  kind: ConnectionDialogKind;
  connection: Connection;
}

interface ConnectionDialogsProps {
  dialog: ConnectionDialogState | undefined;
  onClose(): void;
}

/**
 * The row actions that need a dialog: the health test, and the Revoke and Delete confirmations (each
 * names the user). One instance serves every row of the (virtualised) table; when it closes, focus
 * goes back to that row's actions button, wherever the menu that opened it went.
 */
export function ConnectionDialogs({ dialog, onClose }: ConnectionDialogsProps) {
  const returnFocus = (event: Event) => {
    if (!dialog) return;
    event.preventDefault();
    const id = dialog.connection.id;
    const target = Array.from(document.querySelectorAll<HTMLElement>('[data-actions-for]')).find((el) => el.dataset.actionsFor === id);
    target?.focus();
  };
  if (!dialog) return null;
  if (dialog.kind === 'test') return <TestDialog connection={dialog.connection} onClose={onClose} onCloseAutoFocus={returnFocus} />;
  return <ConfirmDialog kind={dialog.kind} connection={dialog.connection} onClose={onClose} onCloseAutoFocus={returnFocus} />;
}

interface DialogProps {
  connection: Connection;
  onClose(): void;
  onCloseAutoFocus(event: Event): void;
}

function TestDialog({ connection, onClose, onCloseAutoFocus }: DialogProps) {
  const [report, setReport] = useState<HealthReport>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const live = useRef(true);

  const run = useCallback(async () => {
    setRunning(true);
    setError(undefined);
    const result = await api().connections.test({ id: connection.id });
    if (!live.current) return;
    setRunning(false);
    if (result.ok) setReport(result.value);
    else setError(result.message);
  }, [connection.id]);

  useEffect(() => {
    live.current = true;
    void run();
    return () => {
      live.current = false;
    };
  }, [run]);

  const failed = report?.steps.find((s) => s.result === 'failed');
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" onCloseAutoFocus={onCloseAutoFocus} aria-describedby="health-description">
          <div className="dialog-header">
            <Dialog.Title>Test {connection.userEmail}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description id="health-description" className="subtle">
            Each step of the health ladder in order: the stored token decrypts, the provider refreshes or introspects it, the
            user's identity answers, and the granted scopes are still there.
          </Dialog.Description>
          <div role="status" aria-live="polite" aria-busy={running}>
            {running ? (
              <p className="health-summary running">
                <Spinner /> Running the checks against the provider…
              </p>
            ) : error ? (
              <p className="banner error">{error}</p>
            ) : report ? (
              <p className={report.passed ? 'health-summary passed' : 'health-summary failed'}>
                {report.passed ? <CheckIcon /> : <AlertIcon />}
                <span>
                  <strong>{report.passed ? 'Healthy' : 'Not healthy'}</strong>
                  {report.passed ? ': every check passed' : failed ? `: “${failed.label}” failed` : ''}
                  <span className="subtle"> · {formatDateTime(report.at)}</span>
                </span>
              </p>
            ) : null}
          </div>
          {report && (
            <ol className="health-ladder" aria-label="Health checks">
              {report.steps.map((step) => (
                <HealthStepRow key={step.step} step={step} />
              ))}
            </ol>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => void run()} disabled={running}>
              {running ? <Spinner /> : <RefreshIcon />} Run again
            </button>
            <Dialog.Close className="button primary">Done</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const RESULT_TEXT: Record<HealthStep['result'], string> = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' };

function HealthStepRow({ step }: { step: HealthStep }) {
  return (
    <li className={`health-step ${step.result}`} data-step={step.step}>
      <span className="health-icon" aria-hidden="true">
        {step.result === 'passed' ? <CheckIcon size={14} /> : step.result === 'failed' ? <XIcon size={14} /> : <MinusIcon size={14} />}
      </span>
      <div className="health-body">
        <p className="health-label">
          {step.label}
          <span className="sr-only">: {RESULT_TEXT[step.result]}</span>
        </p>
        {step.message && <p className="health-message">{step.message}</p>}
      </div>
      <span className="health-result" aria-hidden="true">
        {RESULT_TEXT[step.result]}
      </span>
      <span className="health-latency" title="Latency">
        {step.result === 'skipped' ? '—' : `${formatCount(Math.round(step.latencyMs))} ms`}
      </span>
    </li>
  );
}

const CONFIRM = {
  revoke: {
    title: (c: Connection) => `Revoke ${c.userEmail}’s connection?`,
    body: (c: Connection) =>
      `The refresh token is revoked at the provider and this app stops using it. ${c.userName || c.userEmail} must sign in again (Reauthorize) before scripts can use this connection.`,
    action: 'Revoke connection',
    done: 'Revoked',
  },
  delete: {
    title: (c: Connection) => `Delete ${c.userEmail}’s connection?`,
    body: (c: Connection) =>
      `${c.status === 'connected' || c.status === 'expired' ? 'It is revoked at the provider first, then' : 'It is'} removed from the list and kept only as a record under the Deleted filter. This cannot be undone.`,
    action: 'Delete connection',
    done: 'Deleted',
  },
} as const;

function ConfirmDialog({ kind, connection, onClose, onCloseAutoFocus }: DialogProps & { kind: 'revoke' | 'delete' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const text = CONFIRM[kind];

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    const result = kind === 'revoke' ? await api().connections.revoke({ id: connection.id }) : await api().connections.delete({ id: connection.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useConnections.getState().upsert(result.value);
    toast(`${text.done} ${connection.userEmail}`, statusWords(result.value)?.summary);
    onClose();
  };

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && !busy && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog" onCloseAutoFocus={onCloseAutoFocus}>
          <AlertDialog.Title>{text.title(connection)}</AlertDialog.Title>
          <AlertDialog.Description className="subtle">{text.body(connection)}</AlertDialog.Description>
          <dl className="confirm-facts">
            <div>
              <dt>User</dt>
              <dd>
                {connection.userName} · {connection.userEmail}
              </dd>
            </div>
            <div>
              <dt>Org</dt>
              <dd>{connection.orgName ?? connection.orgId}</dd>
            </div>
          </dl>
          {error && (
            <p className="banner error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button" disabled={busy}>
              Cancel
            </AlertDialog.Cancel>
            <button type="button" className="button danger" onClick={() => void confirm()} disabled={busy}>
              {busy && <Spinner />} {text.action}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
