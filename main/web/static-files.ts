import fs from 'node:fs/promises';
import path from 'node:path';
import { rendererFileFor } from '../core/security/renderer-file.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

/** Reads the renderer file a URL path maps to (see `rendererFileFor`), with its content type. */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const file = rendererFileFor(root, urlPath);
  if (!file) return undefined;
  try {
    const body = await fs.readFile(file);
    return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream', immutable: file.includes(`${path.sep}assets${path.sep}`) };
  } catch {
    return undefined;
  }
}
