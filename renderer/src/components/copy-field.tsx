import { useEffect, useRef, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons.js';

interface CopyFieldProps {
  id: string;
  label: string;
  value: string | undefined;
  hint?: string;
  /** Shown in place of the value while it is not known yet. */
  placeholder?: string;
  /** Called once the value is on the clipboard. */
  onCopied?(): void;
}

/**
 * A read-only value with a Copy button, for the Callback URL that must be pasted into the provider's
 * app exactly. The button copies the value itself (not the selection) and says "Copied" for a moment;
 * a polite live region announces it.
 */
export function CopyField({ id, label, value, hint, placeholder, onCopied }: CopyFieldProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    if (!value) return;
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
      onCopied?.();
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), 2500);
  };

  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="copy-field">
        <input
          id={id}
          className="input mono"
          readOnly
          value={value ?? ''}
          placeholder={placeholder}
          aria-describedby={hintId}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className={state === 'copied' ? 'button copied' : 'button'}
          onClick={() => void copy()}
          disabled={!value}
          aria-label={state === 'copied' ? `Copied ${label}` : `Copy ${label}`}
        >
          {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
          <span aria-hidden="true">{state === 'copied' ? 'Copied' : 'Copy'}</span>
        </button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {state === 'copied' ? `${label} copied to the clipboard` : state === 'failed' ? 'Could not copy: select the text and copy it by hand' : ''}
      </p>
      {state === 'failed' && <p className="field-error">Could not copy: select the text and copy it by hand.</p>}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A Copy button for a block of text (e.g. an example command), announcing the copy politely. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), 2500);
  };
  return (
    <>
      <button type="button" className={state === 'copied' ? 'button small copied' : 'button small'} onClick={() => void copy()} aria-label={state === 'copied' ? `Copied ${label}` : `Copy ${label}`}>
        {state === 'copied' ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
        <span aria-hidden="true">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}</span>
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {state === 'copied' ? `${label} copied to the clipboard` : state === 'failed' ? 'Could not copy: select the text and copy it by hand' : ''}
      </span>
    </>
  );
}
