import { RadioGroup } from 'radix-ui';
import { useEffect, useState, type FormEvent } from 'react';
import type { CallbackTest, DeskSettings } from '../../../preload/contract/connection-models.js';
import { api } from '../api/client.js';
import { CopyField } from '../components/copy-field.js';
import { Field } from '../components/field.js';
import { AlertIcon, CheckIcon, InfoIcon, Spinner } from '../components/icons.js';
import { LocalApiSettings } from '../components/local-api-settings.js';
import { WorkspaceSection } from '../components/bundle/workspace-section.js';
import { ErrorState, LoadingState } from '../components/page-states.js';
import { mapFieldErrors } from '../lib/field-errors.js';
import { useSettings } from '../stores/settings-store.js';
import { toast } from '../stores/toast-store.js';
import '../styles/settings.css';
import { TokensCard } from './settings/tokens-card.js';

type Host = DeskSettings['callbackHost'];
const CALLBACK_PATH = '/oauth/callback';

/**
 * `/settings`: the app-wide settings. The Callback URL's host form and port (which every provider app
 * must register exactly), a test that says whether the port is free, the token lifetime assumed when
 * nobody says, the keep-alive interval, and the local API.
 */
export function SettingsPage() {
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);

  useEffect(() => {
    document.title = 'Settings · Integrations Desk';
    return () => {
      document.title = 'Integrations Desk';
    };
  }, []);

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <p className="eyebrow">App</p>
          <h1 id="page-title">Settings</h1>
          <p className="subtle">They apply to every integration on this computer.</p>
        </div>
      </header>
      {!settings ? (
        error ? (
          <ErrorState title="The settings could not be loaded" message={error} onRetry={() => void useSettings.getState().load()} />
        ) : (
          <LoadingState label="Loading the settings…" rows={3} />
        )
      ) : (
        <div className="settings-stack">
          <CallbackCard settings={settings} />
          <TokensCard settings={settings} />
          <section className="card" aria-labelledby="local-api-title">
            <div className="card-header">
              <div>
                <h2 id="local-api-title">Local API</h2>
                <p className="subtle small">Serves working credentials for your connections to scripts on this computer, in the hosted product’s API format.</p>
              </div>
            </div>
            <div className="card-body">
              <LocalApiSettings />
            </div>
          </section>
          {/* Issue 16: move or back up the workspace. */}
          <WorkspaceSection />
        </div>
      )}
    </section>
  );
}

function CallbackCard({ settings }: { settings: DeskSettings }) {
  const [host, setHost] = useState<Host>(settings.callbackHost);
  const [port, setPort] = useState(String(settings.callbackPort));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<CallbackTest>();
  const [testError, setTestError] = useState<string>();

  // Saved here or in another window: the form shows what is in effect.
  useEffect(() => setHost(settings.callbackHost), [settings.callbackHost]);
  useEffect(() => setPort(String(settings.callbackPort)), [settings.callbackPort]);

  const portFixed = settings.callbackPortFromEnv;
  const dirty = host !== settings.callbackHost || (!portFixed && port.trim() !== String(settings.callbackPort));
  const parsedPort = Number(port.trim());
  const portValid = /^\d+$/.test(port.trim()) && parsedPort >= 1024 && parsedPort <= 65535;
  // Each integration has its own path; Salesforce needs localhost unless a host is forced here.
  const previewHost = host === 'auto' ? 'localhost' : host;
  const preview = `http://${previewHost}:${portValid ? parsedPort : '…'}${CALLBACK_PATH}/<integration id>`;

  const checkPort = (): number | undefined => {
    if (portFixed) return undefined;
    if (!portValid) {
      setErrors({ callbackPort: 'Use a port from 1024 to 65535' });
      return undefined;
    }
    return parsedPort;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const nextPort = checkPort();
    if (!portFixed && nextPort === undefined) return;
    setBusy(true);
    const result = await useSettings.getState().update({
      callbackHost: host,
      ...(nextPort !== undefined && nextPort !== settings.callbackPort ? { callbackPort: nextPort } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      const { shown, unshown } = mapFieldErrors(result.fields, ['callbackHost', 'callbackPort']);
      setErrors(shown);
      if (unshown.length > 0 || Object.keys(shown).length === 0) setFormError(unshown[0] ?? result.message);
      return;
    }
    setErrors({});
    setHost(result.value.callbackHost);
    setPort(String(result.value.callbackPort));
    setTest(undefined);
    toast('Callback URL saved', `Register ${result.value.callbackUrl} in each provider app before the next sign-in.`);
  };

  const runTest = async () => {
    setTestError(undefined);
    setTest(undefined);
    const candidatePort = portFixed ? undefined : checkPort();
    if (!portFixed && candidatePort === undefined) return;
    setTesting(true);
    const result = await api().settings.testCallback({ callbackHost: host, ...(candidatePort !== undefined ? { callbackPort: candidatePort } : {}) });
    setTesting(false);
    if (result.ok) setTest(result.value);
    else setTestError(result.message);
  };

  return (
    <section className="card" aria-labelledby="callback-title">
      <div className="card-header">
        <div>
          <h2 id="callback-title">Callback URL</h2>
          <p className="subtle small">
            Where the provider sends the browser back after a user signs in. The app listens there (on this computer only) while a
            sign-in is waiting. Providers match it exactly, port included.
          </p>
        </div>
      </div>
      <form className="card-body form-stack" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <span className="field-label" id="callback-host-label">
            Host
          </span>
          <RadioGroup.Root
            className="radio-stack"
            value={host}
            onValueChange={(v) => {
              setHost(v as Host);
              setTest(undefined);
            }}
            aria-labelledby="callback-host-label"
          >
            <label className="radio-card" htmlFor="callback-host-auto">
              <RadioGroup.Item id="callback-host-auto" value="auto" className="radio">
                <RadioGroup.Indicator className="radio-indicator" />
              </RadioGroup.Item>
              <span>
                Follow the provider <span className="tag">Recommended</span>
                <span className="radio-desc">
                  <code>localhost</code> for Salesforce, whose Setup refuses http on <code>127.0.0.1</code> (the app then listens on
                  127.0.0.1 and ::1); <code>127.0.0.1</code> for other providers, as RFC 8252 advises.
                </span>
              </span>
            </label>
            <label className="radio-card" htmlFor="callback-host-ip">
              <RadioGroup.Item id="callback-host-ip" value="127.0.0.1" className="radio">
                <RadioGroup.Indicator className="radio-indicator" />
              </RadioGroup.Item>
              <span>
                Always <code>127.0.0.1</code>
                <span className="radio-desc">The loopback IP address for every provider. Salesforce refuses it: its integrations are flagged.</span>
              </span>
            </label>
            <label className="radio-card" htmlFor="callback-host-localhost">
              <RadioGroup.Item id="callback-host-localhost" value="localhost" className="radio">
                <RadioGroup.Indicator className="radio-indicator" />
              </RadioGroup.Item>
              <span>
                Always <code>localhost</code>
                <span className="radio-desc">For every provider. It may resolve to IPv6 (::1): the app then listens on both.</span>
              </span>
            </label>
          </RadioGroup.Root>
        </div>

        <Field
          id="callback-port"
          label="Callback port"
          error={errors.callbackPort}
          aside={
            portFixed ? (
              <span className="env-badge" data-testid="port-from-env">
                <InfoIcon size={12} /> Set by DESK_CALLBACK_PORT
              </span>
            ) : undefined
          }
          hint={
            portFixed
              ? `Fixed to ${settings.callbackPort} by the DESK_CALLBACK_PORT environment variable: a port saved here is ignored while it is set.`
              : 'From 1024 to 65535. Pick one no other program uses.'
          }
        >
          {(control) => (
            <input
              {...control}
              className="input port-input"
              inputMode="numeric"
              autoComplete="off"
              value={port}
              disabled={portFixed}
              onChange={(e) => {
                setPort(e.target.value);
                setTest(undefined);
                if (errors.callbackPort) setErrors({});
              }}
            />
          )}
        </Field>

        <CopyField
          id="settings-callback-url"
          label="Callback URL"
          value={settings.callbackUrl}
          hint={
            dirty
              ? `After saving it becomes ${preview}: update it in every provider app too.`
              : `Each integration has its own: its Settings tab shows it exactly. Other providers: ${settings.callbackUrls?.generic ?? '…'}.`
          }
        />

        <div className="callback-test" role="status" aria-live="polite">
          {testing ? (
            <p className="test-result running">
              <Spinner /> Checking {preview}…
            </p>
          ) : test ? (
            <p className={test.free ? 'test-result free' : 'test-result taken'}>
              {test.free ? <CheckIcon /> : <AlertIcon />}
              <span>
                <strong>{test.free ? 'Free' : 'Taken'}</strong> · {test.message}
                {test.owner && (
                  <span className="test-owner">
                    {' '}
                    Held by <code>{test.owner.command}</code> (process {test.owner.pid}).
                  </span>
                )}
              </span>
            </p>
          ) : testError ? (
            <p className="test-result taken">
              <AlertIcon /> <span>{testError}</span>
            </p>
          ) : null}
        </div>

        {formError && (
          <p className="banner error" role="alert">
            {formError}
          </p>
        )}
        <div className="form-actions split">
          <button type="button" className="button" onClick={() => void runTest()} disabled={testing}>
            {testing && <Spinner />} Test callback URL
          </button>
          <div className="form-actions">
            {dirty && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setHost(settings.callbackHost);
                  setPort(String(settings.callbackPort));
                  setErrors({});
                  setTest(undefined);
                }}
              >
                Discard
              </button>
            )}
            <button type="submit" className="button primary" disabled={busy || !dirty}>
              {busy && <Spinner />} Save
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
