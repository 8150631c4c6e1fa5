import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { AlertIcon, ExternalLinkIcon, InfoIcon, Spinner, XIcon } from '../../components/icons.js';
import { CopyField } from '../../components/copy-field.js';
import { Field } from '../../components/field.js';
import { useNow } from '../../lib/use-now.js';
import { useConnections, type ActiveFlow, type FlowOutcome } from '../../stores/connections-store.js';
import { toast } from '../../stores/toast-store.js';

/** "4:59": minutes and seconds left, never negative. */
function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * The sign-in in progress: "Waiting for the browser…" with the time left, Cancel, a link that opens
 * the provider's page again (a blocked pop-up, a closed tab), and the manual fallback for a browser
 * that cannot reach the app's loopback listener (WSL, remote desktop): paste the full redirect URL.
 */
export function FlowPanel({ flow, isSalesforce }: { flow: ActiveFlow; isSalesforce: boolean }) {
  const now = useNow(1000);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const left = flow.expiresAt ? new Date(flow.expiresAt).getTime() - now : undefined;

  // The panel replaces the button that started it: keyboard focus goes to the panel, not to <body>.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [flow.flowId]);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    const result = await useConnections.getState().cancel();
    setCancelling(false);
    if (!result.ok && result.code !== 'NOT_FOUND') setCancelError(result.message);
  };

  return (
    <section className="flow-panel" aria-labelledby="flow-title" data-flow-id={flow.flowId}>
      <div className="flow-head">
        <Spinner size={20} />
        <div className="flow-text">
          <h3 id="flow-title" ref={headingRef} tabIndex={-1}>
            Waiting for the browser…
          </h3>
          <p className="subtle" role="status">
            {flow.reauthorizing
              ? `Sign in again as ${flow.reauthorizing.userEmail} in the browser tab that opened, then allow access.`
              : 'Sign in as the user to connect in the browser tab that opened, then allow access.'}{' '}
            This page updates by itself.
          </p>
        </div>
        <div className="flow-actions">
          {left !== undefined && (
            <span className="flow-timer" title={`The sign-in closes at ${new Date(flow.expiresAt!).toLocaleTimeString()}`}>
              <span className="sr-only">Time left: </span>
              <time dateTime={`PT${Math.max(0, Math.ceil(left / 1000))}S`}>{countdown(left)}</time>
              <span aria-hidden="true"> left</span>
            </span>
          )}
          <button type="button" className="button" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? <Spinner /> : <XIcon size={14} />} Cancel
          </button>
        </div>
      </div>
      {cancelError && (
        <p className="banner error" role="alert">
          {cancelError}
        </p>
      )}
      <div className="flow-details">
        {flow.providerProblem && (
          // Found by asking the provider the same question the browser tab asked: its error page.
          <div className="banner error" role="alert" data-provider-problem={flow.providerProblem.code}>
            <AlertIcon />
            <div className="banner-body">
              <p className="banner-title">The provider shows an error page instead of its sign-in ({flow.providerProblem.code})</p>
              <p>{flow.providerProblem.message}</p>
            </div>
          </div>
        )}
        {flow.browserFailed && flow.authorizationUrl && (
          <div className="banner warning" role="alert">
            <div className="banner-body">
              <p className="banner-title">Your browser could not be opened</p>
              <p className="small">Copy this sign-in link into a browser on this computer, sign in there, then come back: this page updates by itself.</p>
              <CopyField id={`sign-in-link-${flow.flowId}`} label="Sign-in link" value={flow.authorizationUrl} />
            </div>
          </div>
        )}
        {flow.authorizationUrl && !flow.browserFailed && (
          <p className="small">
            No tab opened, or closed it by mistake?{' '}
            <a href={flow.authorizationUrl} target="_blank" rel="noopener noreferrer" className="inline-link">
              Open the sign-in page again <ExternalLinkIcon size={12} />
            </a>
          </p>
        )}
        {isSalesforce && <FiveApprovalsNote />}
        <ManualFallback flow={flow} />
      </div>
    </section>
  );
}

/** Salesforce's approval limit, which otherwise surprises admins as a silently revoked connection. */
export function FiveApprovalsNote() {
  return (
    <p className="help-note small approvals-note">
      <InfoIcon size={14} />
      <span>
        <strong>Salesforce allows each user five approvals per app (External Client App or connected app).</strong> A sixth sign-in by the same user silently
        revokes their oldest one, here or in any other tool using this app. Signing the same user in again here updates their
        existing connection.
      </span>
    </p>
  );
}

function ManualFallback({ flow }: { flow: ActiveFlow }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') {
      setError('Paste the full address from the browser');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await useConnections.getState().completeManually(value);
    setBusy(false);
    // Anything but a malformed paste ends the sign-in; the tab then says how (see the outcome banner).
    if (!result.ok && result.code === 'VALIDATION') setError(result.fields?.redirectUrl ?? result.message);
  };

  return (
    // Open from the start when the desktop app could not open the browser: pasting is then the likely path.
    <details className="disclosure" open={flow.browserFailed ? true : undefined}>
      <summary>Browser can’t reach the app?</summary>
      <form className="form-stack disclosure-body" onSubmit={(e) => void submit(e)} noValidate>
        <p className="subtle small">
          If the browser ends on a page that cannot be reached at{' '}
          <code>{flow.callbackUrl ?? 'the Callback URL'}</code> (for example under WSL or remote desktop), copy the whole address
          from its address bar and paste it here. It is checked exactly as if the browser had delivered it.
        </p>
        <div className="manual-form">
          <Field id={`manual-${flow.flowId}`} label="Redirect URL" error={error}>
            {(control) => (
              <input
                {...control}
                className="input mono"
                autoComplete="off"
                spellCheck={false}
                placeholder={`${flow.callbackUrl ?? 'http://127.0.0.1:…/oauth/callback'}?code=…&state=…`}
                value={value}
                onChange={(e) => {
                  setValue(e.target.value);
                  if (error) setError(undefined);
                }}
              />
            )}
          </Field>
          <button type="submit" className="button" disabled={busy}>
            {busy && <Spinner />} Complete sign-in
          </button>
        </div>
      </form>
    </details>
  );
}

/**
 * A reauthorization that returned another user or org: the connection was left as it was, and the
 * sign-in is held (in main, tokens never here) until the admin adds it as a new connection or
 * discards it (its tokens are then revoked).
 */
export function IdentityMismatchPanel({ outcome }: { outcome: FlowOutcome & { identityMismatch: NonNullable<FlowOutcome['identityMismatch']> } }) {
  const m = outcome.identityMismatch;
  const [busy, setBusy] = useState<'add' | 'discard'>();
  const [error, setError] = useState<string>();

  const decide = async (choice: 'add' | 'discard') => {
    setBusy(choice);
    setError(undefined);
    const result =
      choice === 'add'
        ? await api().connections.addHeldSignIn({ flowId: outcome.flowId })
        : await api().connections.discardHeldSignIn({ flowId: outcome.flowId });
    setBusy(undefined);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    useConnections.getState().dismissOutcome();
    if (choice === 'add' && result.value.connectionId) {
      const added = await api().connections.get({ id: result.value.connectionId });
      if (added.ok) useConnections.getState().upsert(added.value);
      toast(`${result.value.updatedExisting ? 'Updated' : 'Added'} ${m.received.userEmail}`, 'As a connection of its own.');
    } else {
      toast('Sign-in discarded', `${m.received.userEmail}’s new tokens were revoked.`, 'info');
    }
  };

  return (
    <div className="banner warning" role="alert" data-identity-mismatch={m.kind}>
      <AlertIcon />
      <div className="banner-body">
        <p className="banner-title">{m.kind === 'org' ? 'Another org signed in: the connection was not changed' : 'Another user signed in: the connection was not changed'}</p>
        <p>{outcome.message}</p>
        <p className="small">
          A connection keeps the org and user it was made for. Add {m.received.userEmail}
          {m.received.orgName ? ` (${m.received.orgName})` : ''} as a new connection?
        </p>
        {error && <p className="field-error">{error}</p>}
        <div className="form-actions start">
          <button type="button" className="button primary small" disabled={busy !== undefined} onClick={() => void decide('add')}>
            {busy === 'add' && <Spinner />} Add {m.received.userEmail} as a new connection
          </button>
          <button type="button" className="button small" disabled={busy !== undefined} onClick={() => void decide('discard')}>
            {busy === 'discard' && <Spinner />} Discard
          </button>
        </div>
      </div>
    </div>
  );
}
