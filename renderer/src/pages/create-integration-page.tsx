import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { CopyField } from '../components/copy-field.js';
import { Field } from '../components/field.js';
import { AlertIcon, ChevronLeftIcon, Spinner } from '../components/icons.js';
import { OfferingSelect } from '../components/offering-select.js';
import { ScopesField } from '../components/scopes-field.js';
import { api } from '../api/client.js';
import { CharCounter } from '../components/char-counter.js';
import { mapFieldErrors } from '../lib/field-errors.js';
import { EDGE_SPACES_NOTE, formProblems, hasEdgeSpaces, NAME_LIMIT } from '../lib/form-rules.js';
import { useUnsaved, useUnsavedForm } from '../stores/unsaved-store.js';
import { useCallbackPreview } from '../lib/use-callback-preview.js';
import { SalesforceSetupGuide } from '../components/salesforce-setup-guide.js';
import { useIntegrations } from '../stores/integrations-store.js';
import { useOfferings } from '../stores/offerings-store.js';
import { toast } from '../stores/toast-store.js';

/** Where each of main's field keys is shown, in the order of the form. */
const FIELD_IDS: Record<string, string> = {
  name: 'integration-name',
  offeringId: 'integration-offering',
  clientId: 'client-id',
  clientSecret: 'client-secret',
  scopes: 'oauth-scopes',
};

/**
 * `/oauth/create`: the hosted console's Settings form, with its labels.
 *
 * Main validates (the renderer is untrusted); its per-field messages appear next to their fields and
 * everything typed stays. On success the secret is cleared from the form state before navigating, so it
 * never lingers in memory or the DOM.
 */
export function CreateIntegrationPage() {
  const navigate = useNavigate();
  const offerings = useOfferings((s) => s.items);
  const offeringsState = useOfferings((s) => s.state);
  const offeringsError = useOfferings((s) => s.error);
  const enabled = useMemo(() => offerings.filter((o) => o.enabled), [offerings]);

  const [name, setName] = useState('');
  const [offeringId, setOfferingId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [optionalScopes, setOptionalScopes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const focusFirstError = useRef(false);

  const offering = offerings.find((o) => o.id === offeringId);
  // This integration's own Callback URL (its id chosen now, its host following the offering).
  const callback = useCallbackPreview(offeringId);
  // Typed text is what a silent discard would lose (choices in a dropdown are quick to make again).
  const started = name.trim() !== '' || clientId.trim() !== '' || clientSecret !== '';
  useUnsavedForm('create-integration', started && !busy, { credentials: clientId !== '' || clientSecret !== '' });

  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    const first = Object.keys(FIELD_IDS).find((key) => errors[key]);
    if (!first) return;
    const element = document.getElementById(FIELD_IDS[first]!);
    const target = element?.tagName === 'FIELDSET' ? element.querySelector<HTMLElement>('button:not(:disabled)') : element;
    target?.focus();
  }, [errors]);

  const clearError = (key: string) => setErrors((e) => (e[key] ? { ...e, [key]: '' } : e));

  const chooseOffering = (id: string) => {
    setOfferingId(id);
    clearError('offeringId');
    clearError('scopes');
    const next = offerings.find((o) => o.id === id);
    // Keep the optional scopes the new offering also offers.
    setOptionalScopes((s) => s.filter((scope) => next?.optionalScopes.includes(scope)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(undefined);
    // Every field's problem at once: the form's own checks, plus main's (a duplicate name, a disabled
    // offering), which it reports only for what it was sent.
    const problems = formProblems({ name, offeringId, clientId, clientSecret });
    setBusy(true);
    const result = await api().integrations.create({
      ...(callback.integrationId ? { id: callback.integrationId } : {}),
      name: name.trim(),
      offeringId,
      clientId: clientId.trim(),
      clientSecret: clientSecret.trim(),
      scopes: offering ? [...offering.requiredScopes, ...optionalScopes] : [],
    });
    setBusy(false);
    if (result.ok) {
      // The secret has reached main's vault: drop it from the renderer before anything else renders.
      setClientSecret('');
      useUnsaved.getState().set('create-integration', undefined);
      useIntegrations.getState().upsert(result.value);
      toast('Integration created', `${result.value.name} is a draft until its credentials are verified.`);
      void navigate(`/oauth/${result.value.id}`);
      return;
    }
    const { shown, unshown } = mapFieldErrors(result.fields, Object.keys(FIELD_IDS));
    // The form's own reason wins where both have one: it knows more (e.g. a secret of only spaces).
    const all = { ...shown, ...problems };
    setErrors(all);
    setFormError(Object.keys(shown).length === 0 && unshown.length === 0 ? result.message : unshown.length > 0 ? unshown.join(' ') : undefined);
    focusFirstError.current = true;
  };

  const errorCount = Object.values(errors).filter(Boolean).length;

  return (
    <section className="page" aria-labelledby="page-title">
      <Link to="/oauth" className="back-link">
        <ChevronLeftIcon /> Integrations
      </Link>
      <header className="page-header">
        <div>
          <h1 id="page-title">Add Integration</h1>
          <p className="subtle">Store a provider app’s OAuth client credentials so users can authorize connections against it.</p>
        </div>
      </header>

      <div className="two-column">
        <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="page-title">
          {formError && (
            <div className="banner error" role="alert">
              <AlertIcon />
              <div className="banner-body">
                <p>{formError}</p>
              </div>
            </div>
          )}

          <div className="form-section">
            <h2 className="section-title">Settings</h2>
            <Field
              id="integration-name"
              label="Integration Name"
              error={errors.name}
              hint="A friendly label, e.g. Salesforce Production."
              required
              aside={<CharCounter id="integration-name-count" length={name.trim().length} limit={NAME_LIMIT} />}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  autoComplete="off"
                  // The page exists to fill this form: start typing at once.
                  autoFocus
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value);
                    clearError('name');
                  }}
                />
              )}
            </Field>
            <Field
              id="integration-offering"
              label="Integration Offering"
              error={errors.offeringId}
              required
              hint={
                offeringsState === 'error' ? (
                  `The offerings could not be loaded: ${offeringsError ?? 'unknown error'}`
                ) : offeringsState === 'ready' && enabled.length === 0 ? (
                  <>
                    No offering is enabled. <Link to="/offerings">Enable or add one in Offerings</Link>.
                  </>
                ) : (
                  'The provider and environment, e.g. Salesforce (production).'
                )
              }
            >
              {(p) => <OfferingSelect {...p} offerings={enabled} value={offeringId} onChange={chooseOffering} disabled={offeringsState !== 'ready'} />}
            </Field>
          </div>

          <div className="form-section">
            <h2 className="section-title">Credentials</h2>
            <Field
              id="client-id"
              label="Client ID"
              error={errors.clientId}
              hint={hasEdgeSpaces(clientId) ? EDGE_SPACES_NOTE : 'The Consumer Key of your provider’s app.'}
              required
            >
              {(p) => (
                <input
                  {...p}
                  className="input mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={clientId}
                  onChange={(e) => {
                    setClientId(e.target.value);
                    clearError('clientId');
                  }}
                />
              )}
            </Field>
            <Field
              id="client-secret"
              label="Client Secret"
              error={errors.clientSecret}
              hint={hasEdgeSpaces(clientSecret) ? EDGE_SPACES_NOTE : 'The Consumer Secret. It is stored encrypted and never displayed again.'}
              required
            >
              {(p) => (
                <input
                  {...p}
                  className="input mono"
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  value={clientSecret}
                  onChange={(e) => {
                    setClientSecret(e.target.value);
                    clearError('clientSecret');
                  }}
                />
              )}
            </Field>
          </div>

          <div className="form-section">
            <ScopesField
              id="oauth-scopes"
              required={offering?.requiredScopes ?? []}
              optional={offering?.optionalScopes ?? []}
              selected={optionalScopes}
              onChange={(s) => {
                setOptionalScopes(s);
                clearError('scopes');
              }}
              error={errors.scopes}
              emptyMessage="Choose an Integration Offering to see its scopes."
            />
          </div>

          <div className="form-section">
            {/* No URL to copy before the offering is chosen: its host follows the offering (Salesforce
                takes plain http only for localhost), and one copied earlier would be refused. */}
            <CopyField
              id="callback-url"
              label="Callback URL"
              value={offering ? callback.url : undefined}
              placeholder={!offering ? 'Choose an Integration Offering first' : callback.error ? 'Unavailable' : 'Loading…'}
              hint={
                !offering
                  ? 'It depends on the offering: choose one above, then register the URL shown here in the provider’s app.'
                  : callback.error
                    ? `The Callback URL could not be read: ${callback.error}`
                    : 'Register this URL in your provider’s app (Salesforce: the External Client App) exactly as shown, port and path included.'
              }
            />
            {offering?.kind === 'salesforce' && (
              <SalesforceSetupGuide callbackUrl={callback.url} scopes={[...offering.requiredScopes, ...optionalScopes]} context="create" />
            )}
          </div>

          <div className="form-footer">
            {errorCount > 0 && !formError && (
              <p className="form-summary" role="status">
                <AlertIcon size={14} /> Please correct {errorCount === 1 ? 'the highlighted field' : `the ${errorCount} highlighted fields`}.
              </p>
            )}
            <div className="form-actions">
              <Link to="/oauth" className="button">
                Cancel
              </Link>
              <button type="submit" className="button primary" disabled={busy} aria-busy={busy || undefined}>
                {busy && <Spinner />} Create Integration
              </button>
            </div>
          </div>
        </form>

        <section className="card help-card" aria-labelledby="help-title">
          <h2 id="help-title">Before you start</h2>
          <ol className="steps">
            <li>
              <strong>An offering.</strong> The provider and environment, managed in <Link to="/offerings">Offerings</Link>.
            </li>
            <li>
              <strong>OAuth client credentials.</strong> The Consumer Key and Consumer Secret of your provider’s app (in Salesforce, an External Client App).
            </li>
            <li>
              <strong>The Callback URL, registered exactly.</strong> Copy it into the provider’s app; any mismatch makes sign-in fail.
            </li>
          </ol>
          <p className="help-note">
            A new integration starts as <strong>draft</strong>. Verify its credentials on the next page to make it{' '}
            <strong>configured</strong>: only configured integrations can create connections.
          </p>
        </section>
      </div>
    </section>
  );
}
