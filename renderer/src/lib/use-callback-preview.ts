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
  // With the offering it was worked out for: after another offering is chosen, the previous answer (its
  // host possibly another) is not shown while the new one is on its way.
  const [answer, setAnswer] = useState<{ url: string; offeringId: string }>();
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
          setAnswer({ url: result.value.callbackUrl, offeringId });
          setError(undefined);
        } else {
          setError(result.message);
        }
      });
    return () => {
      live = false;
    };
  }, [offeringId, integrationId, settingsVersion]);

  const url = answer?.offeringId === offeringId ? answer.url : undefined;
  return { url, integrationId, error: url ? undefined : error };
}
