import { Link } from 'react-router';
import { useIntegrations } from '../stores/integrations-store.js';

/** OAuth → Integrations: the list, or an empty state that leads to Add Integration. */
export function IntegrationsPage() {
  const { items, loaded, error } = useIntegrations();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">Integrations</h1>
          <p className="subtle">OAuth clients for your providers, and the connections they authorize.</p>
        </div>
        <Link className="button primary" to="/oauth/create">
          Add Integration
        </Link>
      </header>
      {error && <p role="alert" className="banner error">{error}</p>}
      {!loaded ? (
        <p className="subtle" aria-busy="true">Loading integrations…</p>
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>No integrations yet</h2>
          <p>Add an integration to store a provider app's client credentials and start authorizing connections.</p>
          <Link className="button primary" to="/oauth/create">
            Add Integration
          </Link>
        </div>
      ) : (
        <ul className="plain-list">
          {items.map((i) => (
            <li key={i.id}>
              <Link to={`/oauth/${i.id}`}>{i.name}</Link> <span className="badge">{i.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
