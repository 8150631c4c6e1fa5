/** What the browser tab shows after the loopback callback. */
export interface CallbackPage {
  ok: boolean;
  title: string;
  message: string;
}

/**
 * Headers of every loopback response.
 *
 * `Referrer-Policy: no-referrer` keeps the callback URL (code and state) out of any request the page
 * could cause; the CSP allows nothing but the inline style, so the page can load nothing external;
 * `no-store` keeps it out of the browser cache; `Connection: close` makes the one response the last.
 */
export const CALLBACK_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  Connection: 'close',
});

/**
 * Renders the page the browser shows when the sign-in comes back to the app.
 *
 * Self-contained (no script, image, font or link), and built only from our own words: never from the
 * callback's parameters, so no code, state or provider text reaches the page.
 */
export function renderCallbackPage(page: CallbackPage): string {
  const colour = page.ok ? '#1a7f37' : '#b42318';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} · Integrations Desk</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f6f7f9;color:#1f2328}
main{max-width:32rem;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;color:${colour};margin:0 0 .75rem}
p{line-height:1.5;margin:.5rem 0}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
<p>You can close this tab and return to Integrations Desk.</p>
</main>
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
