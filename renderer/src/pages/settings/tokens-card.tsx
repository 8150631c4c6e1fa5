import { useEffect, useState, type FormEvent } from 'react';
import type { DeskSettings } from '../../../../preload/contract/connection-models.js';
import { Field } from '../../components/field.js';
import { Spinner } from '../../components/icons.js';
import { mapFieldErrors } from '../../lib/field-errors.js';
import { useSettings } from '../../stores/settings-store.js';
import { toast } from '../../stores/toast-store.js';

export function TokensCard({ settings }: { settings: DeskSettings }) {
  const [lifetime, setLifetime] = useState(String(settings.assumedTokenLifetimeMinutes));
  const [keepAlive, setKeepAlive] = useState(String(settings.keepAliveMinutes));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => setLifetime(String(settings.assumedTokenLifetimeMinutes)), [settings.assumedTokenLifetimeMinutes]);
  useEffect(() => setKeepAlive(String(settings.keepAliveMinutes)), [settings.keepAliveMinutes]);

  const dirty = lifetime.trim() !== String(settings.assumedTokenLifetimeMinutes) || keepAlive.trim() !== String(settings.keepAliveMinutes);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const local: Record<string, string> = {};
    // Each field's real reason, all at once ("-3" is too small, not "not whole").
    const lifetimeProblem = minutesProblem(lifetime, { min: 5, max: 7 * 24 * 60, minText: 'Use at least 5 minutes', maxText: 'Use at most 7 days (10080 minutes)' });
    const keepAliveProblem =
      keepAlive.trim() === '0'
        ? undefined
        : minutesProblem(keepAlive, { min: 15, max: 30 * 24 * 60, minText: 'Use at least 15 minutes, or 0 to turn keep-alive off', maxText: 'Use at most 30 days (43200 minutes)' });
    if (lifetimeProblem) local.assumedTokenLifetimeMinutes = lifetimeProblem;
    if (keepAliveProblem) local.keepAliveMinutes = keepAliveProblem;
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    const result = await useSettings.getState().update({
      assumedTokenLifetimeMinutes: Number(lifetime.trim()),
      keepAliveMinutes: Number(keepAlive.trim()),
    });
    setBusy(false);
    if (!result.ok) {
      const { shown, unshown } = mapFieldErrors(result.fields, ['assumedTokenLifetimeMinutes', 'keepAliveMinutes']);
      setErrors(shown);
      if (unshown.length > 0 || Object.keys(shown).length === 0) setFormError(unshown[0] ?? result.message);
      return;
    }
    setErrors({});
    toast('Token settings saved');
  };

  return (
    <section className="card" aria-labelledby="tokens-title">
      <div className="card-header">
        <div>
          <h2 id="tokens-title">Tokens</h2>
          <p className="subtle small">How the app keeps connections’ access tokens fresh.</p>
        </div>
      </div>
      <form className="card-body form-stack" onSubmit={(e) => void save(e)} noValidate>
        <div className="form-row">
          <MinutesField
            id="assumed-lifetime"
            label="Assumed token lifetime (minutes)"
            hint="Used when neither the provider nor introspection says when an access token expires; shown as “assumed”. Salesforce’s default session timeout is 120 minutes."
            value={lifetime}
            error={errors.assumedTokenLifetimeMinutes}
            onChange={(value) => {
              setLifetime(value);
              if (errors.assumedTokenLifetimeMinutes) setErrors(({ assumedTokenLifetimeMinutes: _, ...rest }) => rest);
            }}
          />
          <MinutesField
            id="keep-alive"
            label="Keep-alive interval (minutes)"
            hint="Idle connections are refreshed this often, so an org’s idle-token limit does not expire them. 0 turns it off; otherwise at least 15."
            value={keepAlive}
            error={errors.keepAliveMinutes}
            onChange={(value) => {
              setKeepAlive(value);
              if (errors.keepAliveMinutes) setErrors(({ keepAliveMinutes: _, ...rest }) => rest);
            }}
          />
        </div>
        {formError && (
          <p className="banner error" role="alert">
            {formError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || !dirty}>
            {busy && <Spinner />} Save
          </button>
        </div>
      </form>
    </section>
  );
}

/** A whole number of minutes, typed as text so a half-typed value is never lost. */
function MinutesField(props: { id: string; label: string; hint: string; value: string; error?: string; onChange(value: string): void }) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** What is wrong with a typed number of minutes, in the words that fit (or nothing). */
function minutesProblem(text: string, rule: { min: number; max: number; minText: string; maxText: string }): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter a number of minutes';
  const n = Number(value);
  if (!Number.isFinite(n)) return 'Enter a number of minutes, e.g. 120';
  if (n < rule.min) return rule.minText;
  if (n > rule.max) return rule.maxText;
  if (!Number.isInteger(n)) return 'Use whole minutes';
  return undefined;
}
