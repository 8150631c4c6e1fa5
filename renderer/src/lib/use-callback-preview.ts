import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

/**
 * The Callback URL a new integration will have, before it is saved: main picks the integration's id
 * once (`settings.callbackPreview`) and the form keeps it, so the URL shown (and pasted into the
 * provider's app) is the one the integration is created with. The host follows the offering
 * (`localhost` for Salesforce, which refuses http on 127.0.0.1) and Settings, kept current through
 * `settings.changed`.
 */
export function useCallbackPreview(offeringId: string): { url?: string; integrationId?: string; error?: string } {
  const [integrationId, setIntegrationId] = useState<string>();
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  const [settingsVersion, setSettingsVersion] = useState(0);

  useEffect(() => api().on('settings.changed', () => setSettingsVersion((v) => v + 1)), []);

  useEffect(() => {
    let live = true;
    void api()
      .settings.callbackPreview({ ...(offeringId ? { offeringId } : {}), ...(integrationId ? { integrationId } : {}) })
      .then((result) => {
        if (!live) return;
        if (result.ok) {
          setIntegrationId(result.value.integrationId);
          setUrl(result.value.callbackUrl);
          setError(undefined);
        } else {
          setError(result.message);
        }
      });
    return () => {
      live = false;
    };
  }, [offeringId, integrationId, settingsVersion]);

  return { url, integrationId, error: url ? undefined : error };
}
