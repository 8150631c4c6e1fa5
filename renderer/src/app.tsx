import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LeaveGuard } from './components/leave-guard.js';
import { RouteFocus } from './components/route-focus.js';
import { SecurityBanner } from './components/security-banner.js';
import { Sidebar } from './components/sidebar.js';
import { StatusHeadline } from './components/status-headline.js';
import { Toaster } from './components/toaster.js';
import { ConnectionDetailPage } from './pages/connection-detail-page.js';
import { CreateIntegrationPage } from './pages/create-integration-page.js';
import { IntegrationDetailPage } from './pages/integration-detail-page.js';
import { IntegrationsPage } from './pages/integrations-page.js';
import { OfferingsPage } from './pages/offerings-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { syncAttention } from './stores/attention-store.js';
import { syncConnections } from './stores/connections-store.js';
import { syncIntegrations } from './stores/integrations-store.js';
import { syncOfferings } from './stores/offerings-store.js';
import { syncSecurity } from './stores/security-store.js';
import { syncSettings } from './stores/settings-store.js';

/**
 * The renderer's shell: sidebar, security banner, routes and toasts.
 *
 * Every store subscribes to main's events once, here, so all windows (and browser tabs) stay in sync.
 * A path-based router works both in browser mode and under the `app://desk` scheme, whose handler
 * serves `index.html` for every route.
 */
export function App() {
  useEffect(() => {
    const stops = [syncIntegrations(), syncOfferings(), syncSecurity(), syncConnections(), syncSettings(), syncAttention()];
    return () => stops.forEach((stop) => stop());
  }, []);
  return (
    <BrowserRouter>
      <RouteFocus />
      <LeaveGuard />
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <Sidebar />
        <div className="main-column">
          <StatusHeadline />
          <SecurityBanner />
          <main className="content" id="main" tabIndex={-1}>
            <Routes>
              <Route path="/" element={<Navigate to="/oauth" replace />} />
              <Route path="/oauth" element={<IntegrationsPage />} />
              <Route path="/oauth/create" element={<CreateIntegrationPage />} />
              <Route path="/oauth/:integrationId" element={<IntegrationDetailPage />} />
              <Route path="/oauth/:integrationId/connections/:connectionId" element={<ConnectionDetailPage />} />
              <Route path="/offerings" element={<OfferingsPage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="*" element={<Navigate to="/oauth" replace />} />
            </Routes>
          </main>
        </div>
      </div>
      <Toaster />
    </BrowserRouter>
  );
}
