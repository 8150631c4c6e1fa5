import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useIntegrations } from '../stores/integrations-store.js';

/**
 * The app-wide Callback URL to register with the provider, as main computes it (`settings.get`), kept
 * current through `settings.changed`.
 *
 * Until settings answer (or if they fail), any integration's `callbackUrl` is used: every integration
 * carries the same app-wide URL. Returns undefined only when neither is known yet.
 */
export function useCallbackUrl(): { url?: string; error?: string } {
  const [fromSettings, setFromSettings] = useState<string>();
  const [error, setError] = useState<string>();
  const fromIntegrations = useIntegrations((s) => s.items[0]?.callbackUrl);

  useEffect(() => {
    let live = true;
    void api()
      .settings.get()
      .then((result) => {
        if (!live) return;
        if (result.ok) setFromSettings(result.value.callbackUrl);
        else setError(result.message);
      });
    const off = api().on('settings.changed', (settings) => setFromSettings(settings.callbackUrl));
    return () => {
      live = false;
      off();
    };
  }, []);

  const url = fromSettings ?? fromIntegrations;
  return { url, error: url ? undefined : error };
}
