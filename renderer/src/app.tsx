import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Sidebar } from './components/sidebar.js';
import { CreateIntegrationPage } from './pages/create-integration-page.js';
import { IntegrationDetailPage } from './pages/integration-detail-page.js';
import { IntegrationsPage } from './pages/integrations-page.js';
import { syncIntegrations } from './stores/integrations-store.js';

/**
 * The renderer's shell: sidebar and routes.
 *
 * A path-based router works both in browser mode and under the `app://desk` scheme, whose handler serves
 * `index.html` for every route.
 */
export function App() {
  useEffect(() => syncIntegrations(), []);
  return (
    <BrowserRouter>
      <div className="shell">
        <Sidebar />
        <main className="content">
          <Routes>
            <Route path="/" element={<Navigate to="/oauth" replace />} />
            <Route path="/oauth" element={<IntegrationsPage />} />
            <Route path="/oauth/create" element={<CreateIntegrationPage />} />
            <Route path="/oauth/:integrationId" element={<IntegrationDetailPage />} />
            <Route path="*" element={<Navigate to="/oauth" replace />} />
          </Routes>
        </main>
      </div>
    </BrowserRouter>
  );
}
