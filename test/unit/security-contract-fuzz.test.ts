import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channels } from '../../preload/contract/channels.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { loopbackRequest } from '../support/loopback-request.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * Security suite: a property-based fuzzer over every contract channel, its payloads derived from the
 * channel's own zod schema (valid shapes, near-misses and hostile values), plus arbitrary JSON.
 *
 * Properties: every call resolves to a result value (never a throw, never a hang); a refusal carries a
 * known code and a bounded message; nothing answered contains the seeded secret or the vault key; no
 * call reaches past loopback. `DESK_FUZZ_RUNS` sets the runs per channel (default 25).
 */
const RUNS = Math.max(1, Number(process.env.DESK_FUZZ_RUNS ?? 25));
const SEED_SECRET = 'fuzz-seeded-client-secret-7f3a';
const KNOWN_CODES = new Set(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNKNOWN_CHANNEL', 'NOT_CONFIGURED', 'VAULT_WEAK_PROTECTION', 'VAULT_LOCKED', 'PROVIDER_ERROR', 'UNREACHABLE', 'PORT_IN_USE', 'CANCELLED', 'INTERNAL']);

let core: TestCore;
let seededId: string;
const offLoopback: string[] = [];

/** The core's fetch: loopback only; anything else fails as an unreachable network would, without sending. */
const loopbackFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    offLoopback.push(url.host);
    throw new TypeError('fetch failed');
  }
  return globalThis.fetch(input, init);
};

beforeAll(async () => {
  core = await createTestCore({ fetch: loopbackFetch }, { DESK_CALLBACK_PORT: '0', DESK_API_PORT: '0' });
  const created = await dispatch(core.handlers, 'integrations.create', { name: 'Seeded', offeringId: 'salesforce-production', clientId: 'seeded', clientSecret: SEED_SECRET, scopes: [] }, { transport: 'browser' }, core.logger);
  if (!created.ok) throw new Error(created.message);
  seededId = (created.value as { id: string }).id;
});
afterAll(async () => core?.dispose());

// --- Payloads from the schemas ----------------------------------------------------------------------

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\r\nb',
  '\u202Eevil',
  '\uD800',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'http://10.0.0.5',
  'https://evil.example/services/oauth2/token',
  'x'.repeat(5000),
  '😀'.repeat(200),
];

const idLike = () => fc.constantFrom('salesforce-production', 'salesforce-sandbox', 'int_abcdefghijkl', 'con_abcdefghijklmnopqrstuv', 'key_x');

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** An arbitrary for values of (and near) a zod schema's shape. */
function arbitraryFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean());
  if (depth > 4) return hostile;
  switch (def.type) {
    case 'string':
      return fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 2, arbitrary: idLike() }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) }, { weight: 1, arbitrary: fc.webUrl() });
    case 'number':
      return fc.oneof(fc.integer({ min: -10, max: 70_000 }), fc.double(), fc.constantFrom(0, -1, 1, 65535, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY));
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostile });
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, string>)) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
    case 'undefined':
      return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue() });
    case 'optional':
      return fc.oneof(fc.constant(undefined), arbitraryFor(def.innerType, depth + 1));
    case 'nullable':
      return fc.oneof(fc.constant(null), arbitraryFor(def.innerType, depth + 1));
    case 'array':
      return fc.oneof({ weight: 4, arbitrary: fc.array(arbitraryFor(def.element, depth + 1), { maxLength: 6 }) }, { weight: 1, arbitrary: hostile });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((option) => arbitraryFor(option, depth + 1)));
    case 'record':
      return fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor')), arbitraryFor(def.valueType, depth + 1), { maxKeys: 4 });
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, arbitraryFor(value, depth + 1)]));
      const shaped = fc.record(fields, { requiredKeys: [] });
      const withExtra = fc.tuple(shaped, fc.constantFrom('__proto__', 'constructor', 'extra', 'then'), fc.jsonValue()).map(([value, key, extra]) => {
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        Object.defineProperty(copy, key, { value: extra, enumerable: true, configurable: true, writable: true });
        return copy;
      });
      return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: withExtra }, { weight: 1, arbitrary: hostile });
    }
    default:
      return fc.anything();
  }
}

/** Every string in a value, however nested (to scan answers for secrets). */
const answerText = (value: unknown): string => JSON.stringify(value) ?? '';

function vaultKeyText(): string {
  const keyFile = path.join(core.dataDir, 'vault.key');
  return fs.existsSync(keyFile) ? fs.readFileSync(keyFile).toString('base64') : 'no key file';
}

describe('contract fuzzer (security suite)', () => {
  const names = Object.keys(channels) as Array<keyof typeof channels>;

  it('covers every channel of the contract', () => {
    expect(names.length).toBeGreaterThan(20);
  });

  it.each(names)('%s: every payload resolves to a result, with no secret in it', async (name) => {
    const schema = channels[name].input as z.ZodType;
    const payloads = fc.oneof({ weight: 5, arbitrary: arbitraryFor(schema) }, { weight: 1, arbitrary: fc.anything() });
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const result = await dispatch(core.handlers, name, payload, { transport: 'browser' }, core.logger);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(KNOWN_CODES.has(result.code)).toBe(true);
          expect(typeof result.message).toBe('string');
          expect(result.message.length).toBeLessThan(2000);
          // What the renderer sent is never echoed back at length (it could be a secret typed in the wrong field).
          expect(result.message).not.toContain('x'.repeat(200));
        }
        const text = answerText(result);
        expect(text).not.toContain(SEED_SECRET);
        expect(text).not.toContain(vaultKeyText());
      }),
      { numRuns: RUNS, seed: Number(process.env.DESK_FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    expect(offLoopback).toEqual([]);
  });

  it('leaves the seeded integration’s secret where it was, and never logs it', async () => {
    expect(core.logOutput()).not.toContain(SEED_SECRET);
    const logFile = path.join(core.dataDir, 'logs', 'desk.log');
    expect(fs.readFileSync(logFile, 'utf8')).not.toContain(SEED_SECRET);
    const still = await dispatch(core.handlers, 'integrations.get', { id: seededId }, { transport: 'browser' }, core.logger);
    // Renamed, edited or deleted by the fuzzer is fine; what matters is that it never leaked.
    expect(answerText(still)).not.toContain(SEED_SECRET);
  });
});

describe('contract fuzzer over HTTP (security suite)', () => {
  let web: WebServer;
  beforeAll(async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    web = await startWebServer({ core, staticDir, port: 0 });
  });
  afterAll(async () => web?.close());

  it('answers any channel name and any body with a status below 500 and JSON', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
      fc.constantFrom('%', '%E0%A4%A', '%zz', '..%2f..', 'integrations.list', '__proto__', 'constructor', 'toString', '%00'),
    );
    const body = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 200 }), fc.constant('{"name":'));
    await fc.assert(
      fc.asyncProperty(segment, body, async (name, text) => {
        const reply = await loopbackRequest(`${web.origin}/api/rpc/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-desk-token': web.token },
          body: text,
        });
        expect(reply.status).toBeLessThan(500);
        expect(() => JSON.parse(reply.body) as unknown).not.toThrow();
        expect(reply.body).not.toContain(SEED_SECRET);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
