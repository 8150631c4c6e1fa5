/**
 * Bundle files in the page (browser mode): the bundle is already encrypted by main, so the page only
 * moves ciphertext — base64 in and out of the contract, a Blob for the download.
 */

/** The desktop app chooses files with the system's dialogs (main writes and reads them itself). */
export const hasFileDialogs = (): boolean => typeof window !== 'undefined' && window.api !== undefined;

/** Saves ciphertext the page received as a download named `fileName`. */
export function downloadBundle(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a chosen file as base64 for `bundle.preview`'s upload. */
export async function readFileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A fresh id that ties progress events to one export or import. */
export const newOperationId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().replace(/-/g, '') : `op${Date.now()}${Math.random().toString(36).slice(2)}`;
