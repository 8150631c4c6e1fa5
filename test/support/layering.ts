import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Layers that must run without Electron (core is tested in plain Node; the renderer is a web page). */
export const ELECTRON_FREE = ['main/core', 'preload/contract', 'renderer'];
/** Layers that must run in a browser: no Node built-ins. */
export const NODE_FREE = ['renderer', 'preload/contract'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT_RE)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (specifier) found.push(specifier);
  }
  return found;
}

/**
 * Lists every import that breaks the layering rules under `root`.
 *
 * Keeps the core testable without the Electron binary and the renderer free of privileged APIs.
 */
export function findLayeringViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const layer of ELECTRON_FREE) {
    for (const file of sourceFiles(path.join(root, layer))) {
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (specifier === 'electron' || specifier.startsWith('electron/')) {
          violations.push({ file: path.relative(root, file), specifier, rule: `${layer} must not import electron` });
        }
        if (NODE_FREE.includes(layer) && NODE_BUILTINS.has(specifier)) {
          violations.push({ file: path.relative(root, file), specifier, rule: `${layer} must not import Node built-ins` });
        }
      }
    }
  }
  return violations;
}
