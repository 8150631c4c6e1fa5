import { NavLink } from 'react-router';

/** The app's navigation, grouped as in the hosted console: OAuth → Integrations. */
export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">ID</span>
        <span>Integrations Desk</span>
      </div>
      <div className="nav-group">
        <h2 className="nav-heading" id="nav-oauth">OAuth</h2>
        <ul aria-labelledby="nav-oauth">
          <li>
            <NavLink to="/oauth" end={false} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
              Integrations
            </NavLink>
          </li>
        </ul>
      </div>
    </nav>
  );
}
