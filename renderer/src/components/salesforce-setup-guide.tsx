import { CopyField } from './copy-field.js';
import { InfoIcon } from './icons.js';
import '../styles/setup-guide.css';

/** Salesforce's own labels for the scopes this app asks for, as Setup lists them. */
const SCOPE_LABELS: Record<string, string> = {
  api: 'Manage user data via APIs (api)',
  refresh_token: 'Perform requests at any time (refresh_token, offline_access)',
  offline_access: 'Perform requests at any time (refresh_token, offline_access)',
  openid: 'Access unique user identifiers (openid)',
  web: 'Access content resources (web)',
  id: 'Access the identity URL service (id, profile, email, address, phone)',
  profile: 'Access the identity URL service (id, profile, email, address, phone)',
  email: 'Access the identity URL service (id, profile, email, address, phone)',
};

interface SalesforceSetupGuideProps {
  /** The Callback URL to register, exactly (undefined while it loads). */
  callbackUrl: string | undefined;
  /** The scopes the integration asks for; the guide names them as Setup labels them. */
  scopes: string[];
  /** `create`: before the credentials exist; `settings`: on an existing integration's Settings tab. */
  context: 'create' | 'settings';
  /** Open from the start (the create form opens it when a Salesforce offering is chosen). */
  defaultOpen?: boolean;
}

/**
 * How to make the Salesforce app this integration needs, step by step, in Setup's own words.
 *
 * Since Spring '26 new Connected Apps cannot be created: the guide walks an External Client App
 * (Setup → External Client App Manager), with the Callback URL to paste (and a Copy button), the scopes
 * by Salesforce's labels, the security settings that decide whether sign-in works, the refresh-token
 * policy, where the Consumer Key and Secret are, what Local vs packaged means for other orgs, and the
 * activation delay. A disclosure, so it stays out of the way once the app exists.
 */
export function SalesforceSetupGuide({ callbackUrl, scopes, context, defaultOpen }: SalesforceSetupGuideProps) {
  const labels = [...new Set(scopes.map((s) => SCOPE_LABELS[s] ?? `${s} (${s})`))];
  return (
    <details className="disclosure setup-guide" open={defaultOpen ? true : undefined} data-setup-guide>
      <summary>Set up the External Client App in Salesforce</summary>
      <div className="disclosure-body setup-guide-body">
        <p className="subtle small">
          New Connected Apps can no longer be created (Spring ’26): create an <strong>External Client App</strong>. An existing
          connected app keeps working: use its Consumer Key and Secret, and add the Callback URL below to it.
        </p>
        <ol className="setup-steps">
          <li>
            In Salesforce, open <strong>Setup</strong>, type <em>External Client App Manager</em> in Quick Find, open it and click{' '}
            <strong>New External Client App</strong>.
          </li>
          <li>
            Give it a name and a contact email. For <strong>Distribution State</strong> choose <strong>Local</strong> to connect users
            of this org only; to connect users of <em>other</em> orgs, choose <strong>Packaged</strong> and install the package in each
            of them (a Local app is unknown elsewhere: sign-in there fails with <code>OAUTH_EC_APP_NOT_FOUND</code>).
          </li>
          <li>
            Under <strong>API (Enable OAuth Settings)</strong>, select <strong>Enable OAuth</strong> and paste this as the{' '}
            <strong>Callback URL</strong>, exactly (one per line if the app already has others):
            <CopyField
              id={`setup-guide-callback-${context}`}
              label="URL to paste into Salesforce"
              value={callbackUrl}
              placeholder="Loading…"
              hint="Salesforce matches it exactly, port and path included; plain http is accepted only for localhost."
            />
          </li>
          <li>
            Under <strong>Selected OAuth Scopes</strong>, add:
            <ul className="setup-scopes">
              {labels.map((label) => (
                <li key={label}>
                  <strong>{label}</strong>
                </li>
              ))}
            </ul>
          </li>
          <li>
            In the app’s security settings keep <strong>Require Proof Key for Code Exchange (PKCE)</strong> on and{' '}
            <strong>Require secret for Web Server Flow</strong> on (this app sends both). <strong>Require secret for Refresh Token
            Flow</strong> may stay on. <strong>Enable Refresh Token Rotation</strong> is recommended: this app keeps one refresh per
            connection at a time, so a rotated token is never reused.
          </li>
          <li>
            Save, then open the app’s <strong>Policies</strong> tab: under <strong>OAuth Policies</strong>, set <strong>Permitted
            Users</strong> (“All users may self-authorize” lets anyone you connect sign in) and the <strong>Refresh Token Policy</strong>.
            “Refresh token is valid until revoked” is simplest; if the org uses “Expire refresh token if not used for N”, enter N
            days on the offering (Offerings page) so keep-alive refreshes in time and connections warn before they expire.
          </li>
          <li>
            On the app’s <strong>Settings</strong> tab, under <strong>OAuth Settings</strong>, click{' '}
            <strong>Consumer Key and Secret</strong> (Salesforce asks for a verification code) and copy them into{' '}
            {context === 'create' ? <strong>Client ID</strong> : 'this integration’s Client ID'} and{' '}
            {context === 'create' ? <strong>Client Secret</strong> : 'Replace secret'}.
          </li>
        </ol>
        <p className="help-note small">
          <InfoIcon size={14} />
          <span>
            <strong>A new or changed app takes about 2–10 minutes to become active.</strong> Until then Salesforce rejects even correct
            credentials: if Verify says so right after you saved the app, wait a few minutes and Retry.
          </span>
        </p>
      </div>
    </details>
  );
}
