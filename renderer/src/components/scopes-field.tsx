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
            <ScopeItem key={scope} id={`${id}-${scope}`} scope={scope} required checked disabled />
          ))}
          {optional.map((scope) => (
            <ScopeItem
              key={scope}
              id={`${id}-${scope}`}
              scope={scope}
              checked={selected.includes(scope)}
              disabled={disabled}
              onCheckedChange={(on) => toggle(scope, on)}
            />
          ))}
        </ul>
      )}
      {error && <FieldError id={errorId!} message={error} />}
    </fieldset>
  );
}

interface ScopeItemProps {
  id: string;
  scope: string;
  checked: boolean;
  required?: boolean;
  disabled?: boolean;
  onCheckedChange?(on: boolean): void;
}

/** One scope: its checkbox, name, description and a Required (locked) or Optional tag. */
function ScopeItem({ id, scope, checked, required, disabled, onCheckedChange }: ScopeItemProps) {
  return (
    <li className={required ? 'scope-item locked' : 'scope-item'}>
      <Checkbox.Root
        id={id}
        className="checkbox"
        checked={checked}
        disabled={disabled}
        onCheckedChange={(value) => onCheckedChange?.(value === true)}
        aria-describedby={`${id}-desc`}
      >
        <Checkbox.Indicator className="checkbox-indicator">
          <CheckIcon size={12} />
        </Checkbox.Indicator>
      </Checkbox.Root>
      <div className="scope-label">
        <label htmlFor={id}>
          <code>{scope}</code>
        </label>
        <span id={`${id}-desc`} className="scope-desc">
          {DESCRIPTIONS[scope] ?? (required ? 'Required by this offering' : 'Optional')}
        </span>
      </div>
      {required ? (
        <span className="scope-tag">
          <LockIcon size={12} /> Required
        </span>
      ) : (
        <span className="scope-tag optional">Optional</span>
      )}
    </li>
  );
}
