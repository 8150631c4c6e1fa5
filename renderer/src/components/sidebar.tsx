import { NavLink } from 'react-router';
import { formatCount, plural } from '../lib/format.js';
import { useIntegrations } from '../stores/integrations-store.js';
import { useSecurity } from '../stores/security-store.js';
import { LayersIcon, LockIcon, PlugIcon, SettingsIcon, ShieldIcon } from './icons.js';

const linkClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-link active' : 'nav-link');

const PROTECTION_LABELS = {
  os: 'OS keyring',
  'key-file': 'Key file',
  passphrase: 'Passphrase',
  weak: 'Obfuscated only',
} as const;

const STATE_LABELS = {
  locked: 'Locked',
  'needs-decision': 'Needs a decision',
  'key-missing': 'Key missing',
} as const;

/** The app's navigation, grouped as in the hosted console (OAuth → Integrations), plus admin pages. */
export function Sidebar() {
  const count = useIntegrations((s) => (s.state === 'ready' ? s.items.length : undefined));
  const vault = useSecurity((s) => s.status?.vault);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <PlugIcon size={16} />
        </span>
        <span className="brand-name">Integrations Desk</span>
      </div>
      <div className="nav-group">
        <h2 className="nav-heading" id="nav-oauth">
          OAuth
        </h2>
        <ul aria-labelledby="nav-oauth">
          <li>
            <NavLink to="/oauth" className={linkClass} title="Integrations">
              <PlugIcon />
              <span className="nav-text">Integrations</span>
              {count !== undefined && <span className="nav-count" aria-label={plural(count, 'integration')}>{formatCount(count)}</span>}
            </NavLink>
          </li>
        </ul>
      </div>
      <div className="nav-group">
        <h2 className="nav-heading" id="nav-admin">
          Admin
        </h2>
        <ul aria-labelledby="nav-admin">
          <li>
            <NavLink to="/offerings" className={linkClass} title="Offerings">
              <LayersIcon />
              <span className="nav-text">Offerings</span>
            </NavLink>
          </li>
          <li>
            <NavLink to="/settings" className={linkClass} title="Settings">
              <SettingsIcon />
              <span className="nav-text">Settings</span>
            </NavLink>
          </li>
        </ul>
      </div>
      {vault && (
        // A missing key is as urgent as a locked vault, so it takes the locked (danger) colour.
        // The chip stays when the security notice is dismissed: the state is always visible here.
        <div
          className={`sidebar-footer vault-${vault.state === 'ready' ? vault.protection : vault.state === 'key-missing' ? 'locked' : vault.state}`}
          title={vault.message}
          data-testid="vault-chip"
        >
          {vault.state === 'locked' || vault.state === 'key-missing' ? <LockIcon size={14} /> : <ShieldIcon size={14} />}
          <span className="sidebar-footer-text">Secrets: {vault.state === 'ready' ? PROTECTION_LABELS[vault.protection] : STATE_LABELS[vault.state]}</span>
        </div>
      )}
    </nav>
  );
}
