import path from 'node:path';

/**
 * Maps a URL path to a file of the built renderer, or undefined when it must not be served.
 *
 * Shared by the `app://` protocol (Electron) and browser mode. The result must stay inside `root`: a
 * `..` escape or a malformed escape is refused. Routes such as `/oauth/create` have no file extension and
 * get the single-page app's `index.html`.
 */
export function rendererFileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const candidate = path.resolve(root, '.' + path.posix.normalize(decoded));
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return undefined;
  return path.extname(candidate) ? candidate : path.join(root, 'index.html');
}
