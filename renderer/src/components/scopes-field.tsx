import { Checkbox } from 'radix-ui';
import { CheckIcon, LockIcon } from './icons.js';
import { FieldError } from './field.js';

interface ScopesFieldProps {
  id: string;
  required: string[];
  optional: string[];
  /** The optional scopes currently chosen (required ones are always included). */
  selected: string[];
  onChange(selected: string[]): void;
  error?: string;
  disabled?: boolean;
  /** Shown instead of the checkboxes when no offering is chosen yet. */
  emptyMessage?: string;
}

const DESCRIPTIONS: Record<string, string> = {
  api: 'Access the REST API on the user’s behalf',
  refresh_token: 'Keep access with a refresh token (offline access)',
  web: 'Use the access token on the web (Visualforce, Lightning)',
  openid: 'Identify the user with OpenID Connect',
  offline_access: 'Keep access with a refresh token',
  profile: 'Read the user’s basic profile',
  email: 'Read the user’s email address',
  full: 'Full access to everything the user can reach',
};

/**
 * OAuth Scopes: the offering's required scopes checked and locked, its optional scopes as toggles.
 *
 * A fieldset with a legend, so each checkbox is announced as "OAuth Scopes, api, checked, dimmed".
 */
export function ScopesField({ id, required, optional, selected, onChange, error, disabled, emptyMessage }: ScopesFieldProps) {
  const errorId = error ? `${id}-error` : undefined;
  const toggle = (scope: string, on: boolean) =>
    onChange(on ? optional.filter((s) => s === scope || selected.includes(s)) : selected.filter((s) => s !== scope));

  return (
    <fieldset className={error ? 'field scopes invalid' : 'field scopes'} aria-describedby={errorId} id={id}>
      <legend className="field-label">OAuth Scopes</legend>
      {required.length + optional.length === 0 ? (
        <p className="field-hint">{emptyMessage ?? 'This offering has no scopes.'}</p>
      ) : (
        <ul className="scope-list">
          {required.map((scope) => (
            <li key={scope} className="scope-item locked">
              <Checkbox.Root id={`${id}-${scope}`} className="checkbox" checked disabled aria-describedby={`${id}-${scope}-desc`}>
                <Checkbox.Indicator className="checkbox-indicator">
                  <CheckIcon size={12} />
                </Checkbox.Indicator>
              </Checkbox.Root>
              <div className="scope-label">
                <label htmlFor={`${id}-${scope}`}>
                  <code>{scope}</code>
                </label>
                <span id={`${id}-${scope}-desc`} className="scope-desc">
                  {DESCRIPTIONS[scope] ?? 'Required by this offering'}
                </span>
              </div>
              <span className="scope-tag">
                <LockIcon size={12} /> Required
              </span>
            </li>
          ))}
          {optional.map((scope) => (
            <li key={scope} className="scope-item">
              <Checkbox.Root
                id={`${id}-${scope}`}
                className="checkbox"
                checked={selected.includes(scope)}
                disabled={disabled}
                onCheckedChange={(value) => toggle(scope, value === true)}
                aria-describedby={`${id}-${scope}-desc`}
              >
                <Checkbox.Indicator className="checkbox-indicator">
                  <CheckIcon size={12} />
                </Checkbox.Indicator>
              </Checkbox.Root>
              <div className="scope-label">
                <label htmlFor={`${id}-${scope}`}>
                  <code>{scope}</code>
                </label>
                <span id={`${id}-${scope}-desc`} className="scope-desc">
                  {DESCRIPTIONS[scope] ?? 'Optional'}
                </span>
              </div>
              <span className="scope-tag optional">Optional</span>
            </li>
          ))}
        </ul>
      )}
      {error && <FieldError id={errorId!} message={error} />}
    </fieldset>
  );
}
