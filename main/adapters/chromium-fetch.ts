import { net } from 'electron';

/**
 * `fetch` through Chromium's network stack (`net.fetch`), for every provider call the core makes.
 *
 * Node's global fetch knows neither the system or PAC proxy nor the OS trust store, so token and
 * refresh calls failed behind the corporate proxies and TLS inspection that admins' machines often
 * have; Chromium's stack honours both, like the system browser the admin signs in with. Usable only
 * after `ready`. `net.fetch` takes a string or a Request, not a URL object.
 */
export const chromiumFetch: typeof fetch = (input, init) => net.fetch(input instanceof URL ? input.href : input, init);
