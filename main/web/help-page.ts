/**
 * The small page a browser gets without a session: where to find the link, in words (not raw JSON).
 *
 * It names no host, port or token: it is served to any request, and this launch's host name must stay
 * unknown to other local servers (see `launch-host.ts`).
 */
export function helpPage(reason: 'no-session' | 'link-used' | 'wrong-host', styleNonce: string): string {
  const lead: Record<typeof reason, string> = {
    'no-session': 'This browser is not signed in to Integrations Desk.',
    'link-used': 'This link was already used: each link signs in one browser, once.',
    'wrong-host': 'Integrations Desk answers only at the address in its link.',
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Integrations Desk — open the link from the terminal</title>
<style nonce="${styleNonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}code{font-size:.95em}</style>
</head>
<body>
<main>
<h1>Open the link from the terminal</h1>
<p>${lead[reason]}</p>
<p>Open the link printed in the terminal where <code>npm run web</code> runs: it starts with
<code>http://desk-</code> and ends with <code>?token=…</code>. A new link is printed there whenever the last one has been used.</p>
<p>Closed that terminal? Run <code>npm run web</code> again.</p>
</main>
</body>
</html>
`;
}
