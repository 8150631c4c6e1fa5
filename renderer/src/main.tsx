// First: configures zod before any schema is built (see the file).
import './lib/zod-jitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { applyCspNonce } from './lib/csp-nonce.js';
import { useIntegrations } from './stores/integrations-store.js';
import './styles/app.css';

// Before the first render: Radix's dialogs inject a <style> element, which the CSP allows only with the nonce.
applyCspNonce(document);

// The first rows are the first thing asked of main, which answers in order: components' effects run
// before the App's (where the stores start syncing), and the page header's status reads every
// integration (≈ 0.2 s at 10,000) before main would get to them (issue 15). The App's sync joins this load.
void useIntegrations.getState().load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
