import fs from 'node:fs';
import path from 'node:path';
import type { BundlePreview, ExportResult, ImportResult } from '../../preload/contract/bundle-models.js';
import type { Result } from '../../preload/contract/result.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import type { AppCore, AppCoreDeps } from '../../main/core/app-core.js';
import { afterEach } from 'vitest';
import { createTestCore, type TestCore } from './test-core.js';

/** A low scrypt cost for bundles made in tests (age's default, 18, takes about 2 s per bundle). */
export const TEST_SCRYPT_LOG_N = 10;
export const PASSPHRASE = 'correct horse battery staple';

/**
 * Test cores that make bundles at a low scrypt cost, each disposed after its test. Call it in a
 * `describe` body; the function it returns makes one core (`overrides` as for `createTestCore`).
 */
export function bundleTestCores(): (overrides?: Partial<AppCoreDeps>) => Promise<TestCore> {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });
  return async (overrides = {}) => {
    const core = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N, ...overrides });
    cores.push(core);
    return core;
  };
}

/** One contract call as the renderer makes it (schema validation, errors as values). */
export function callCore<T>(core: AppCore, channel: string, payload?: unknown, transport: 'electron' | 'browser' = 'browser'): Promise<Result<T>> {
  return dispatch(core.handlers, channel, payload, { transport }, core.logger) as Promise<Result<T>>;
}

export async function valueOf<T>(core: AppCore, channel: string, payload?: unknown): Promise<T> {
  const result = await callCore<T>(core, channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.code} ${result.message}`);
  return result.value;
}

/** Exports through the contract as browser mode does (a download), returning the bundle's bytes. */
export async function exportBundle(core: AppCore, input: { integrationIds?: string[]; mode: 'configuration' | 'move'; passphrase?: string }): Promise<{ bytes: Buffer; result: ExportResult }> {
  const passphrase = input.passphrase ?? PASSPHRASE;
  const result = await valueOf<ExportResult>(core, 'bundle.export', {
    integrationIds: input.integrationIds ?? [],
    mode: input.mode,
    passphrase,
    confirmPassphrase: passphrase,
    operationId: 'op-export',
    delivery: 'download',
  });
  return { bytes: Buffer.from(result.download!, 'base64'), result };
}

export function previewUpload(core: AppCore, bytes: Uint8Array, passphrase = PASSPHRASE): Promise<Result<BundlePreview>> {
  return callCore<BundlePreview>(core, 'bundle.preview', {
    source: { upload: { fileName: 'test.deskbundle', data: Buffer.from(bytes).toString('base64') } },
    passphrase,
    operationId: 'op-preview',
  });
}

export async function importAll(core: AppCore, bytes: Uint8Array, choices: Record<string, string> = {}, applySettings = false): Promise<{ preview: BundlePreview; result: ImportResult }> {
  const preview = await previewUpload(core, bytes);
  if (!preview.ok) throw new Error(`preview failed: ${preview.message}`);
  const result = await valueOf<ImportResult>(core, 'bundle.apply', { previewId: preview.value.previewId, choices, applySettings, operationId: 'op-apply' });
  return { preview: preview.value, result };
}

/** Every file of a data folder (path → content), logs aside: "unchanged" means byte for byte. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const rel = path.relative(dir, full);
      if (rel.startsWith('logs')) continue;
      if (entry.isDirectory()) walk(full);
      else out[rel] = fs.readFileSync(full, 'base64');
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir` as one string (UTF-8 and latin1 views), for plaintext scans. */
export function allFileText(dir: string): string {
  let text = '';
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else text += `\n${fs.readFileSync(full, 'latin1')}`;
    }
  };
  walk(dir);
  return text;
}
