import { Label } from 'radix-ui';
import type { ReactNode } from 'react';
import { AlertIcon } from './icons.js';

/** Props a form control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  /** Rendered to the right of the label (e.g. a Copy button's companion text). */
  aside?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled form field: label, control, hint and inline error, wired with `aria-describedby` and
 * `aria-invalid` so a screen reader announces the error with the field.
 */
export function Field({ id, label, hint, error, required, aside, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <div className="field-label-row">
        <Label.Root htmlFor={id} className="field-label">
          {label}
          {required && <span className="required-mark" aria-hidden="true"> *</span>}
        </Label.Root>
        {aside}
      </div>
      {children({
        id,
        'aria-describedby': describedBy,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(required ? { 'aria-required': true as const } : {}),
      })}
      {error && <FieldError id={errorId!} message={error} />}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** An inline field error; `data-field-error` lets tests count them. */
export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="field-error" data-field-error="">
      <AlertIcon size={14} />
      <span>{message}</span>
    </p>
  );
}
