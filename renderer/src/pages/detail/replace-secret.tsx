import { useState, type FormEvent } from 'react';
import type { Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { Field } from '../../components/field.js';
import { KeyIcon, Spinner } from '../../components/icons.js';
import { formatDateTime } from '../../lib/format.js';
import { EDGE_SPACES_NOTE, formProblems, hasEdgeSpaces } from '../../lib/form-rules.js';
import { useUnsavedForm } from '../../stores/unsaved-store.js';
import { useIntegrations } from '../../stores/integrations-store.js';
import { toast } from '../../stores/toast-store.js';

/**
 * The Client Secret, write-only: whether it is set and when it was last replaced, and a password field
 * to replace it. The new value is cleared as soon as main has stored it.
 */
export function ReplaceSecret({ integration }: { integration: Integration }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useUnsavedForm(`secret:${integration.id}`, secret !== '', { integrationId: integration.id, credentials: true });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || secret === '') return; // the button is aria-disabled then, not disabled
    const problem = formProblems({ clientSecret: secret }).clientSecret;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await api().integrations.replaceSecret({ id: integration.id, clientSecret: secret.trim() });
    setBusy(false);
    if (result.ok) {
      setSecret('');
      useIntegrations.getState().upsert(result.value);
      toast('Client Secret replaced', 'The integration is a draft until its credentials are verified again.');
    } else {
      setError(result.fields?.clientSecret ?? result.message);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="secret-title">
      <div className="card-header">
        <h2 id="secret-title">Client Secret</h2>
      </div>
      <div className="card-body form-stack">
        <p className="secret-state">
          <KeyIcon />
          {integration.secret.set ? (
            <span>
              <strong>Set</strong> · last replaced{' '}
              <time dateTime={integration.secret.lastReplacedAt}>{formatDateTime(integration.secret.lastReplacedAt)}</time>
            </span>
          ) : (
            <span>
              <strong>Not set</strong> · add one below
            </span>
          )}
        </p>
        <Field
          id="replace-secret"
          label="New Client Secret"
          error={error}
          hint={
            hasEdgeSpaces(secret)
              ? EDGE_SPACES_NOTE
              : 'Write-only: it is stored encrypted and never shown. Replacing it returns the integration to draft until verified.'
          }
        >
          {(p) => (
            <input
              {...p}
              className="input mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => {
                setSecret(e.target.value);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <div className="form-actions">
          {/* Focusable while it cannot act (aria-disabled, not disabled): once the secret is replaced the
              field is emptied, and a disabled button would drop a keyboard user's focus to <body>. */}
          <button type="submit" className="button" aria-disabled={busy || secret === '' || undefined}>
            {busy && <Spinner />} Replace secret
          </button>
        </div>
      </div>
    </form>
  );
}
