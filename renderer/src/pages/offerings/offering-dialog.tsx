import { Dialog, RadioGroup } from 'radix-ui';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Environment, Offering, OfferingKind } from '../../../../preload/contract/models.js';
import { api } from '../../api/client.js';
import { Field } from '../../components/field.js';
import { AlertIcon, Spinner, XIcon } from '../../components/icons.js';
import { mapFieldErrors } from '../../lib/field-errors.js';
import { useOfferings } from '../../stores/offerings-store.js';
import { toast } from '../../stores/toast-store.js';

type EndpointSource = 'discovery' | 'explicit';

interface FormState {
  name: string;
  kind: OfferingKind;
  environment: Environment;
  loginUrl: string;
  source: EndpointSource;
  issuer: string;
  authorization: string;
  token: string;
  revocation: string;
  userinfo: string;
  introspection: string;
  requiredScopes: string;
  optionalScopes: string;
  /** "Expire refresh token if not used for N days"; empty = unknown. */
  refreshTokenIdleDays: string;
}

const KNOWN_FIELDS = [
  'name',
  'kind',
  'environment',
  'loginUrl',
  'issuer',
  'endpoints.authorization',
  'endpoints.token',
  'endpoints.revocation',
  'endpoints.userinfo',
  'endpoints.introspection',
  'endpoints',
  'requiredScopes',
  'optionalScopes',
  'refreshTokenIdleDays',
] as const;

const SALESFORCE_LOGIN: Record<Environment, string> = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
};

const initialState = (o?: Offering): FormState => ({
  name: o?.name ?? '',
  kind: o?.kind ?? 'salesforce',
  environment: o?.environment ?? 'production',
  loginUrl: o?.loginUrl ?? (o ? '' : SALESFORCE_LOGIN.production),
  source: o?.kind === 'generic' && !o.issuer && o.endpoints ? 'explicit' : 'discovery',
  issuer: o?.issuer ?? '',
  authorization: o?.kind === 'generic' ? (o.endpoints?.authorization ?? '') : '',
  token: o?.kind === 'generic' ? (o.endpoints?.token ?? '') : '',
  revocation: o?.kind === 'generic' ? (o.endpoints?.revocation ?? '') : '',
  userinfo: o?.kind === 'generic' ? (o.endpoints?.userinfo ?? '') : '',
  introspection: o?.kind === 'generic' ? (o.endpoints?.introspection ?? '') : '',
  requiredScopes: (o?.requiredScopes ?? ['api', 'refresh_token']).join(' '),
  optionalScopes: (o?.optionalScopes ?? ['web', 'openid']).join(' '),
  refreshTokenIdleDays: o?.refreshTokenIdleDays === undefined ? '' : String(o.refreshTokenIdleDays),
});

const splitScopes = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

interface OfferingDialogProps {
  /** The offering to edit; a new one when absent. */
  offering?: Offering;
  trigger: ReactNode;
}

/**
 * Add or edit an offering: Salesforce kind with a Login URL, or a generic OAuth 2.0 / OIDC provider with
 * an issuer (discovery) or explicit endpoints; the environment; required and optional scopes. Main
 * applies the rules (https only, loopback may be http; a scope cannot be both) and its messages appear
 * next to their fields.
 */
export function OfferingDialog({ offering, trigger }: OfferingDialogProps) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<FormState>(() => initialState(offering));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idp = offering ? `offering-${offering.id}` : 'offering-new';

  const onOpenChange = (next: boolean) => {
    if (next) {
      setForm(initialState(offering));
      setErrors({});
      setFormError(undefined);
    }
    setOpen(next);
  };

  const change = <K extends keyof FormState>(key: K, value: FormState[K], errorKey: string = key) => {
    setForm((f) => {
      const next = { ...f, [key]: value };
      // Follow the environment with Salesforce's standard login hosts, unless a My Domain was typed.
      if (key === 'environment' && f.kind === 'salesforce' && Object.values(SALESFORCE_LOGIN).includes(f.loginUrl)) {
        next.loginUrl = SALESFORCE_LOGIN[value as Environment];
      }
      return next;
    });
    setErrors((e) => ({ ...e, [errorKey]: '' }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFormError(undefined);
    const input = {
      name: form.name,
      kind: form.kind,
      environment: form.environment,
      requiredScopes: splitScopes(form.requiredScopes),
      optionalScopes: splitScopes(form.optionalScopes),
      // Empty means unknown; anything else is checked by main ("Use whole days").
      refreshTokenIdleDays: form.refreshTokenIdleDays.trim() === '' ? null : Number(form.refreshTokenIdleDays.trim()),
      ...(form.kind === 'salesforce'
        ? { loginUrl: form.loginUrl }
        : form.source === 'discovery'
          ? { issuer: form.issuer }
          : {
              endpoints: {
                authorization: form.authorization,
                token: form.token,
                ...(form.revocation.trim() ? { revocation: form.revocation } : {}),
                ...(form.userinfo.trim() ? { userinfo: form.userinfo } : {}),
                ...(form.introspection.trim() ? { introspection: form.introspection } : {}),
              },
            }),
    };
    const result = offering ? await api().offerings.update({ id: offering.id, ...input }) : await api().offerings.create(input);
    setBusy(false);
    if (result.ok) {
      useOfferings.getState().upsert(result.value);
      toast(offering ? 'Offering saved' : 'Offering added', result.value.name);
      setOpen(false);
      return;
    }
    const { shown, unshown } = mapFieldErrors(result.fields, KNOWN_FIELDS);
    setErrors(shown);
    setFormError(Object.keys(shown).length === 0 ? result.message : unshown.length > 0 ? unshown.join(' ') : undefined);
  };

  const text = (key: keyof FormState, label: string, opts: { errorKey?: string; hint?: ReactNode; required?: boolean; mono?: boolean; placeholder?: string } = {}) => (
    <Field id={`${idp}-${key}`} label={label} error={errors[opts.errorKey ?? key]} hint={opts.hint} required={opts.required}>
      {(p) => (
        <input
          {...p}
          className={opts.mono ? 'input mono' : 'input'}
          autoComplete="off"
          spellCheck={false}
          placeholder={opts.placeholder}
          value={form[key] as string}
          onChange={(e) => change(key, e.target.value as never, opts.errorKey ?? key)}
        />
      )}
    </Field>
  );

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" aria-describedby={`${idp}-description`}>
          <div className="dialog-header">
            <Dialog.Title>{offering ? `Edit ${offering.name}` : 'Add offering'}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description id={`${idp}-description`} className="subtle">
            An offering is a provider and environment integrations can be created for.
          </Dialog.Description>
          <form className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
            {formError && (
              <div className="banner error" role="alert">
                <AlertIcon />
                <div className="banner-body">
                  <p>{formError}</p>
                </div>
              </div>
            )}
            {text('name', 'Name', { required: true, placeholder: 'e.g. Salesforce (EU sandbox)' })}
            <div className="form-row">
              <Choice
                id={`${idp}-kind`}
                label="Provider"
                value={form.kind}
                error={errors.kind}
                onChange={(v) => change('kind', v as OfferingKind)}
                options={[
                  ['salesforce', 'Salesforce'],
                  ['generic', 'Generic OAuth 2.0 / OIDC'],
                ]}
              />
              <Choice
                id={`${idp}-environment`}
                label="Environment"
                value={form.environment}
                error={errors.environment}
                onChange={(v) => change('environment', v as Environment)}
                options={[
                  ['production', 'Production'],
                  ['sandbox', 'Sandbox'],
                ]}
              />
            </div>
            {form.kind === 'salesforce' ? (
              text('loginUrl', 'Login URL', {
                required: true,
                mono: true,
                hint: 'https://login.salesforce.com (production), https://test.salesforce.com (sandbox) or your My Domain, e.g. https://acme.my.salesforce.com.',
              })
            ) : (
              <>
                <Choice
                  id={`${idp}-source`}
                  label="Endpoints"
                  value={form.source}
                  onChange={(v) => change('source', v as EndpointSource, 'issuer')}
                  options={[
                    ['discovery', 'Discover from the issuer'],
                    ['explicit', 'Enter them explicitly'],
                  ]}
                />
                {form.source === 'discovery' ? (
                  text('issuer', 'Issuer', { required: true, mono: true, hint: 'Its /.well-known/openid-configuration must be reachable when verifying.' })
                ) : (
                  <div className="endpoint-grid">
                    {text('authorization', 'Authorization endpoint', { errorKey: 'endpoints.authorization', required: true, mono: true })}
                    {text('token', 'Token endpoint', { errorKey: 'endpoints.token', required: true, mono: true })}
                    {text('revocation', 'Revocation endpoint', { errorKey: 'endpoints.revocation', mono: true })}
                    {text('userinfo', 'Userinfo endpoint', { errorKey: 'endpoints.userinfo', mono: true })}
                    {text('introspection', 'Introspection endpoint', { errorKey: 'endpoints.introspection', mono: true })}
                  </div>
                )}
              </>
            )}
            <div className="form-row">
              {text('requiredScopes', 'Required scopes', { required: true, mono: true, hint: 'Separated by spaces. Always granted, locked in the form.' })}
              {text('optionalScopes', 'Optional scopes', { mono: true, hint: 'Separated by spaces. Admins may add them.' })}
              {text('refreshTokenIdleDays', 'Refresh tokens expire after N days unused', {
                placeholder: 'Unknown',
                hint: 'The org’s refresh-token policy (Salesforce: “Expire refresh token if not used for N”), if you know it. Keep-alive then refreshes well before, and connections warn days ahead.',
              })}
            </div>
            <div className="dialog-actions">
              <Dialog.Close className="button">Cancel</Dialog.Close>
              <button type="submit" className="button primary" disabled={busy}>
                {busy && <Spinner />} {offering ? 'Save offering' : 'Add offering'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

interface ChoiceProps {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange(value: string): void;
  options: Array<[string, string]>;
}

/** A small labelled radio group (Radix RadioGroup): arrow keys move between the options. */
function Choice({ id, label, value, error, onChange, options }: ChoiceProps) {
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <RadioGroup.Root className="radio-row" value={value} onValueChange={onChange} aria-labelledby={`${id}-label`} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map(([v, text]) => (
          <label key={v} className="radio-option" htmlFor={`${id}-${v}`}>
            <RadioGroup.Item id={`${id}-${v}`} value={v} className="radio">
              <RadioGroup.Indicator className="radio-indicator" />
            </RadioGroup.Item>
            {text}
          </label>
        ))}
      </RadioGroup.Root>
      {error && (
        <p id={`${id}-error`} className="field-error" data-field-error="">
          <AlertIcon size={14} /> {error}
        </p>
      )}
    </div>
  );
}
