import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLayeringViolations } from '../support/layering.js';

const repo = path.resolve(import.meta.dirname, '../..');

function fixtureTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-layering-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('layering', () => {
  it('main/core, preload/contract and the renderer never import electron, and the renderer no Node built-ins', () => {
    expect(findLayeringViolations(repo)).toEqual([]);
  });

  it('catches a core file that imports electron', () => {
    const root = fixtureTree({ 'main/core/bad.ts': "import { app } from 'electron';\nexport const x = app;\n" });
    expect(findLayeringViolations(root)).toEqual([
      { file: 'main/core/bad.ts', specifier: 'electron', rule: 'main/core must not import electron' },
    ]);
  });

  it('catches require and dynamic import of electron in the contract', () => {
    const root = fixtureTree({
      'preload/contract/a.ts': "const e = require('electron');\n",
      'preload/contract/b.ts': "export const load = () => import('electron/main');\n",
    });
    expect(findLayeringViolations(root).map((v) => v.specifier).sort()).toEqual(['electron', 'electron/main']);
  });

  it('catches a renderer file that imports a Node built-in', () => {
    const root = fixtureTree({ 'renderer/src/x.tsx': "import fs from 'node:fs';\nimport { spawn } from 'child_process';\n" });
    expect(findLayeringViolations(root).map((v) => v.rule)).toEqual([
      'renderer must not import Node built-ins',
      'renderer must not import Node built-ins',
    ]);
  });

  it('calls shell.openExternal in exactly one place, behind the navigation policy', () => {
    const callers = execFileSync('grep', ['-rlnF', 'shell.openExternal(', 'main', 'preload'], { cwd: repo, encoding: 'utf8' }).trim().split('\n');
    expect(callers).toEqual(['main/adapters/open-external.ts']);
    expect(fs.readFileSync(path.join(repo, callers[0]!), 'utf8')).toMatch(/if \(!isAllowedExternalUrl\(url, ownLoopbackPorts\)\) throw [^;]+;\n\s+await shell\.openExternal\(url\);/);
  });

  it('lets adapters import electron', () => {
    const root = fixtureTree({ 'main/adapters/tray.ts': "import { Tray } from 'electron';\n" });
    expect(findLayeringViolations(root)).toEqual([]);
  });
});
