// First: configures zod before any schema is built (see the file).
import './lib/zod-jitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { applyCspNonce } from './lib/csp-nonce.js';
import './styles/app.css';

// Before the first render: Radix's dialogs inject a <style> element, which the CSP allows only with the nonce.
applyCspNonce(document);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
