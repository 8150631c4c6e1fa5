import { useEffect, useState } from 'react';
import type { Integration, Verification } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { AlertIcon, CheckIcon, InfoIcon, RefreshIcon, ShieldIcon, Spinner } from '../../components/icons.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { useIntegrations } from '../../stores/integrations-store.js';
import { useUnsavedCredentials } from '../../stores/unsaved-store.js';
import { toast } from '../../stores/toast-store.js';

const TITLES: Record<Verification['outcome'], string> = {
  passed: 'Credentials verified',
  rejected: 'Credentials rejected',
  unreachable: 'Provider unreachable',
  unexpected: 'Could not verify',
};

/** The reason without a repeat of the title ("Credentials rejected: the provider…" → "The provider…"). */
function reasonOf(verification: Verification): string {
  const title = TITLES[verification.outcome];
  const { message } = verification;
  if (!message.toLowerCase().startsWith(title.toLowerCase())) return message;
  const rest = message.slice(title.length).replace(/^[\s:.,–-]+/, '');
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message;
}

/**
 * Verify credentials: asks main to try the Client ID and secret against the provider's token endpoint,
 * shows progress while it does, then the outcome and its reason. The last outcome stays visible (it is
 * part of the integration), so the admin sees why an integration is still a draft.
 */
export function VerifyCredentials({ integration }: { integration: Integration }) {
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string>();
  const unsaved = useUnsavedCredentials(integration.id);
  // A result about other credentials is stale: once the Client ID or the secret changes, it goes.
  const credentialsKey = `${integration.clientId}\u0000${integration.secret.lastReplacedAt ?? ''}`;
  const [shownFor, setShownFor] = useState(credentialsKey);
  useEffect(() => {
    if (shownFor === credentialsKey) return;
    setShownFor(credentialsKey);
    setFailure(undefined);
  }, [credentialsKey, shownFor]);
  const current = integration.verification;
  const verification = current && (!integration.secret.lastReplacedAt || current.at >= integration.secret.lastReplacedAt) ? current : undefined;

  const verify = async () => {
    if (running) return;
    setRunning(true);
    setFailure(undefined);
    const result = await api().integrations.verify({ id: integration.id });
    setRunning(false);
    if (!result.ok) {
      setFailure(result.message);
      return;
    }
    useIntegrations.getState().upsert(result.value.integration);
    if (result.value.verification.outcome === 'passed') {
      toast('Credentials verified', `${result.value.integration.name} is configured.`);
    }
  };

  const tone = running ? 'running' : failure ? 'rejected' : verification?.outcome ?? 'none';

  return (
    <div className="verify">
      <button
        type="button"
        // Once verified, verifying again is a routine check, not the page's main action.
        className={integration.status === 'configured' && verification?.outcome === 'passed' ? 'button' : 'button primary'}
        onClick={() => void verify()}
        // While it runs the button stays focusable (aria-disabled, not disabled): a disabled button
        // drops a keyboard user's focus to <body>.
        disabled={unsaved}
        aria-disabled={running || undefined}
        aria-describedby={unsaved ? 'verify-unsaved verify-status' : 'verify-status'}
      >
        {running ? <Spinner /> : verification ? <RefreshIcon /> : <ShieldIcon />}
        {/* Right after the app was created Salesforce may still be activating it: say Retry. */}
        {running ? 'Verifying…' : verification?.retrySoon ? 'Retry' : 'Verify credentials'}
      </button>
 {unsaved && (
        <p id="verify-unsaved" className="disabled-reason">
          <InfoIcon size={14} /> Save changes to verify them
        </p>
      )}
      <div id="verify-status" className={`verify-result ${tone}`} role="status" aria-live="polite" aria-busy={running || undefined}>
        {running ? (
          <>
            <Spinner size={14} />
            <span>Contacting the provider’s token endpoint…</span>
          </>
        ) : failure ? (
          <>
            <AlertIcon size={14} />
            <span>
              <strong>Verification failed.</strong> {failure}
            </span>
          </>
        ) : verification ? (
          <>
            {verification.outcome === 'passed' ? <CheckIcon size={14} /> : <AlertIcon size={14} />}
            <span>
              <strong>{TITLES[verification.outcome]}</strong>{' '}
              <time dateTime={verification.at} title={formatDateTime(verification.at)}>
                {formatRelative(verification.at)}
              </time>
              <span className="verify-message">{reasonOf(verification)}</span>
            </span>
          </>
        ) : (
          <>
            <InfoIcon size={14} />
            <span>Not verified yet. Verify to move this integration from draft to configured.</span>
          </>
        )}
      </div>
    </div>
  );
}
