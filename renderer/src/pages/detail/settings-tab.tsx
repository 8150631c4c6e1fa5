import { useEffect, useState, type FormEvent } from 'react';
import type { Integration } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { CallbackIssueNotice } from '../../components/callback-issue-notice.js';
import { CopyField } from '../../components/copy-field.js';
import { SalesforceSetupGuide } from '../../components/salesforce-setup-guide.js';
import { Field } from '../../components/field.js';
import { AlertIcon, Spinner } from '../../components/icons.js';
import { ScopesField } from '../../components/scopes-field.js';
import { CharCounter } from '../../components/char-counter.js';
import { mapFieldErrors } from '../../lib/field-errors.js';
import { EDGE_SPACES_NOTE, formProblems, hasEdgeSpaces, NAME_LIMIT } from '../../lib/form-rules.js';
import { useUnsavedForm } from '../../stores/unsaved-store.js';
import { useIntegrations } from '../../stores/integrations-store.js';
import { useOfferings } from '../../stores/offerings-store.js';
import { toast } from '../../stores/toast-store.js';
import { DangerZone } from './danger-zone.js';
import { ReplaceSecret } from './replace-secret.js';

interface Draft {
  name: string;
  clientId: string;
  optionalScopes: string[];
}

const draftOf = (integration: Integration, optional: string[]): Draft => ({
  name: integration.name,
  clientId: integration.clientId,
  optionalScopes: integration.scopes.filter((s) => optional.includes(s)),
});

/** Settings: edit name, scopes and Client ID; the write-only secret; the Callback URL; delete. */
export function SettingsTab({ integration }: { integration: Integration }) {
  const offering = useOfferings((s) => s.items.find((o) => o.id === integration.offeringId));
  const required = offering?.requiredScopes ?? integration.scopes;
  const optional = offering?.optionalScopes ?? [];

  const [draft, setDraft] = useState<Draft>(() => draftOf(integration, optional));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // Follow changes made elsewhere (another window, a verification) while nothing is being edited.
  const optionalKey = optional.join(' ');
  useEffect(() => {
    if (!dirty) setDraft(draftOf(integration, optionalKey.split(' ')));
  }, [integration, optionalKey, dirty]);

  const edit = (patch: Partial<Draft>, field: string) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setErrors((e) => ({ ...e, [field]: '' }));
  };

  const clientIdChanged = draft.clientId.trim() !== integration.clientId;
  useUnsavedForm(`settings:${integration.id}`, dirty, { integrationId: integration.id, credentials: dirty && clientIdChanged });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || busy) return; // Save is aria-disabled then, not disabled
    setFormError(undefined);
    const problems = formProblems({ name: draft.name, clientId: draft.clientId });
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    const result = await api().integrations.update({
      id: integration.id,
      name: draft.name.trim(),
      clientId: draft.clientId.trim(),
      scopes: [...required.filter((s) => !optional.includes(s)), ...draft.optionalScopes],
    });
    setBusy(false);
    if (result.ok) {
      useIntegrations.getState().upsert(result.value);
      setDirty(false);
      setErrors({});
      const backToDraft = integration.status === 'configured' && result.value.status === 'draft';
      toast('Changes saved', backToDraft ? 'The Client ID changed, so the integration is a draft until verified again.' : undefined);
    } else {
      const { shown, unshown } = mapFieldErrors(result.fields, ['name', 'clientId', 'scopes']);
      setErrors(shown);
      if (Object.keys(shown).length === 0) setFormError(result.message);
      else if (unshown.length > 0) setFormError(unshown.join(' '));
    }
  };

  const reset = () => {
    if (!dirty || busy) return;
    setDraft(draftOf(integration, optional));
    setDirty(false);
    setErrors({});
    setFormError(undefined);
  };

  return (
    <div className="settings-grid">
      <form className="card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="general-title">
        <div className="card-header">
          <h2 id="general-title">General</h2>
        </div>
        <div className="card-body form-stack">
          {formError && (
            <p className="banner error" role="alert">
              {formError}
            </p>
          )}
          <Field
            id="edit-name"
            label="Integration Name"
            error={errors.name}
            required
            aside={<CharCounter id="edit-name-count" length={draft.name.trim().length} limit={NAME_LIMIT} />}
          >
            {(p) => <input {...p} className="input" autoComplete="off" value={draft.name} onChange={(e) => edit({ name: e.target.value }, 'name')} />}
          </Field>
          <Field
            id="edit-client-id"
            label="Client ID"
            error={errors.clientId}
            required
            hint={
              hasEdgeSpaces(draft.clientId) ? EDGE_SPACES_NOTE : 'Changing the Client ID returns the integration to draft until its credentials are verified again.'
            }
          >
            {(p) => (
              <input
                {...p}
                className="input mono"
                autoComplete="off"
                spellCheck={false}
                value={draft.clientId}
                onChange={(e) => edit({ clientId: e.target.value }, 'clientId')}
              />
            )}
          </Field>
          {clientIdChanged && integration.status === 'configured' && (
            <p className="inline-warning" role="note">
              <AlertIcon size={14} /> Saving a new Client ID returns this integration to <strong>draft</strong>; verify the credentials again afterwards.
            </p>
          )}
          <ScopesField
            id="edit-scopes"
            required={required.filter((s) => !optional.includes(s))}
            optional={optional}
            selected={draft.optionalScopes}
            onChange={(s) => edit({ optionalScopes: s }, 'scopes')}
            error={errors.scopes}
          />
        </div>
        <div className="card-footer">
          <span className="subtle small">{dirty ? 'Unsaved changes' : 'All changes saved'}</span>
          <div className="form-actions">
            {/* Focusable while they cannot act (aria-disabled, not disabled): a save ends "All changes
                saved", and a disabled button would drop a keyboard user's focus to <body>. */}
            <button type="button" className="button" onClick={reset} aria-disabled={!dirty || busy || undefined}>
              Discard
            </button>
            <button type="submit" className="button primary" aria-disabled={!dirty || busy || undefined}>
              {busy && <Spinner />} Save changes
            </button>
          </div>
        </div>
      </form>

      <div className="side-stack">
        <ReplaceSecret integration={integration} />
        <section className="card" aria-labelledby="callback-title">
          <div className="card-header">
            <h2 id="callback-title">Callback URL</h2>
          </div>
          <div className="card-body">
            <CopyField
              id="detail-callback-url"
              label="Callback URL"
              value={integration.callbackUrl}
              hint="Register it in the provider’s app exactly as shown, port and path included."
            />
            <CallbackIssueNotice integration={integration} />
            {offering?.kind === 'salesforce' && <SalesforceSetupGuide callbackUrl={integration.callbackUrl} scopes={integration.scopes} context="settings" />}
          </div>
        </section>
      </div>

      <DangerZone integration={integration} />
    </div>
  );
}
