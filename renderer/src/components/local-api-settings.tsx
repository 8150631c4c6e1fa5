import { Dialog, Switch } from 'radix-ui';
import { useEffect, useState, type FormEvent } from 'react';
import type { LocalApiStatus } from '../../../preload/contract/api-key-models.js';
import { syncLocalApi, useLocalApi } from '../stores/local-api-store.js';
import { Field } from './field.js';
import { Spinner, XIcon } from './icons.js';
import '../styles/api-keys.css';

/**
 * The local credentials API's settings: on/off, port and per-key rate limit.
 *
 * Off until turned on here. Turning it on binds the port first, so a port another program holds is
 * reported here and nothing is saved. When `DESK_API_PORT` is set the port is fixed and shown as such.
 */
export function LocalApiSettings() {
  const status = useLocalApi((s) => s.status);
  const loadError = useLocalApi((s) => s.error);
  useEffect(() => syncLocalApi(), []);

  if (!status) {
    return loadError ? <p className="banner error" role="alert">{loadError}</p> : <p className="subtle"><Spinner /> Loading the local API settings…</p>;
  }
  return (
    <div className="form-stack">
      <Toggle status={status} />
      <PortForm status={status} />
      <RateLimitForm status={status} />
      <p className="help-note small">
        It listens on 127.0.0.1 only and answers only requests addressed to {status.baseUrl} that carry an API key
        (generate one on an integration’s API Keys tab).
      </p>
    </div>
  );
}

function StateText({ status }: { status: LocalApiStatus }) {
  if (status.running) {
    return (
      <span className="local-api-state on">
        <span className="badge-dot" aria-hidden="true" /> On · {status.baseUrl}
      </span>
    );
  }
  if (status.enabled && status.problem) {
    return (
      <span className="local-api-state problem">
        <span className="badge-dot" aria-hidden="true" /> Not running: {status.problem}
      </span>
    );
  }
  return (
    <span className="local-api-state off">
      <span className="badge-dot" aria-hidden="true" /> Off
    </span>
  );
}

function Toggle({ status }: { status: LocalApiStatus }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    setError(undefined);
    const result = await useLocalApi.getState().setEnabled(enabled);
    setBusy(false);
    if (!result.ok) setError(result.message);
  };
  return (
    <div className="form-stack">
      <div className="local-api-row">
        <div className="key-meta">
          <label htmlFor="local-api-switch" className="field-label">
            Local API
          </label>
          <span role="status" aria-live="polite">
            <StateText status={status} />
          </span>
        </div>
        <Switch.Root id="local-api-switch" className="switch" checked={status.running || (status.enabled && !status.problem)} disabled={busy} onCheckedChange={(v) => void toggle(v)}>
          <Switch.Thumb className="switch-thumb" />
        </Switch.Root>
      </div>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PortForm({ status }: { status: LocalApiStatus }) {
  const [port, setPort] = useState(String(status.port));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setPort(String(status.port)), [status.port]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(port);
    if (!Number.isInteger(value) || value < 1024 || value > 65535) {
      setError('Use a port from 1024 to 65535');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await useLocalApi.getState().setEnabled(status.enabled, value);
    setBusy(false);
    if (!result.ok) setError(result.fields?.port ?? result.message);
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field
        id="local-api-port"
        label="Port"
        error={error}
        hint={status.portFromEnv ? 'Fixed by the DESK_API_PORT environment variable.' : 'Scripts call http://127.0.0.1:<port>.'}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            inputMode="numeric"
            value={port}
            disabled={status.portFromEnv}
            onChange={(e) => {
              setPort(e.target.value);
              if (error) setError(undefined);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={busy || status.portFromEnv || port === String(status.port)}>
        {busy && <Spinner />} Save port
      </button>
    </form>
  );
}

function RateLimitForm({ status }: { status: LocalApiStatus }) {
  const [limit, setLimit] = useState(String(status.rateLimitPerMinute));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setLimit(String(status.rateLimitPerMinute)), [status.rateLimitPerMinute]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(limit);
    if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
      setError('Use a whole number from 1 to 1,000,000');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await useLocalApi.getState().setRateLimit(value);
    setBusy(false);
    if (!result.ok) setError(result.fields?.perMinute ?? result.message);
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="local-api-rate" label="Requests per minute, per key" error={error} hint="Past it, requests get 429 until the minute is over (default 100).">
        {(control) => (
          <input
            {...control}
            className="input"
            inputMode="numeric"
            value={limit}
            onChange={(e) => {
              setLimit(e.target.value);
              if (error) setError(undefined);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={busy || limit === String(status.rateLimitPerMinute)}>
        {busy && <Spinner />} Save limit
      </button>
    </form>
  );
}

/** A compact "Local API: On/Off" button that opens the settings in a dialog (for page headers). */
export function LocalApiControl() {
  const status = useLocalApi((s) => s.status);
  useEffect(() => syncLocalApi(), []);
  return (
    <Dialog.Root>
      <Dialog.Trigger className="button" aria-label={`Local API settings (${status?.running ? 'on' : 'off'})`}>
        <span className={`local-api-state ${status?.running ? 'on' : status?.problem ? 'problem' : 'off'}`}>
          <span className="badge-dot" aria-hidden="true" />
        </span>
        Local API: {status?.running ? 'On' : 'Off'}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <div className="dialog-header">
            <Dialog.Title>Local API</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <XIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description className="subtle">
            Serves working credentials for your connections to scripts on this computer, in the hosted product’s API format.
          </Dialog.Description>
          <LocalApiSettings />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
