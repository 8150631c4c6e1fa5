import { spawn } from 'node:child_process';

/**
 * Opens a URL in the default browser (`xdg-open`, `open`, `start`), unless `DESK_NO_OPEN=1`.
 *
 * Fire and forget: a machine without a desktop (CI, SSH) simply has nothing to open it, and the link
 * is printed anyway. Tests set `DESK_NO_OPEN=1` so that no test ever opens a browser.
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (env.DESK_NO_OPEN === '1') return false;
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
