import { setNonce } from 'get-nonce';

/**
 * Hands this page's CSP nonce to the libraries that inject `<style>` elements.
 *
 * The page's policy allows `<style>` only with the nonce its server generated for this response, which it
 * writes into `<meta property="csp-nonce">` (Vite's convention, also read by Vite's dev client).
 * react-remove-scroll (under Radix's dialogs) creates its style element through react-style-singleton,
 * which asks `get-nonce`. Must run before the first render. The nonce is read from the `nonce` property:
 * browsers hide the attribute's value once a policy applies.
 */
export function applyCspNonce(doc: Document): void {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || meta?.getAttribute('nonce');
  if (nonce) setNonce(nonce);
}
