import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Decrypter, Encrypter } from 'age-encryption';
import { DeskError } from '../support/desk-error.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/** Every age file starts with this line (age-encryption.org/v1 spec, "Header"). */
const AGE_MAGIC = new TextEncoder().encode('age-encryption.org/v1\n');
const CHUNK = 64 * 1024;

/**
 * How much a bundle may hold once decrypted and unpacked: a gzip bomb stops here, before it costs the
 * app its memory. A bundle the app writes holds one JSON value per ~25-30 bytes, an integration ~20
 * values and ~500 bytes, a connection ~30 and ~900: 10,000 integrations with 10 connections each are
 * ~100 MB and ~3.2 million values, well inside both.
 */
export interface PlaintextLimits {
  /** Unpacked bytes, enforced while gunzip inflates (it stops at the limit, not after). */
  bytes: number;
  /**
   * JSON values, counted (from above) before parsing. The byte limit alone does not bound the parse:
   * a few hundred KB of gzip unpack to 400 MB of `{},{},…`, which `JSON.parse` turns into 7 GB and
   * minutes of garbage collection (an out-of-memory crash of the app); 60 MB of it took 1.4 GB and 22 s.
   */
  values: number;
}

export const PLAINTEXT_LIMITS: PlaintextLimits = { bytes: 256 * 1024 * 1024, values: 8_000_000 };

export interface CryptoProgress {
  (done: number, total: number): void;
}

/**
 * Encrypts bundle JSON to a passphrase: gzip, then age (scrypt recipient, ChaCha20-Poly1305 STREAM).
 *
 * No home-made crypto: age is a specified, audited format and `age-encryption` is its reference
 * TypeScript implementation, so `age -d` opens the file too. The plaintext stays in memory; only
 * the ciphertext this returns is ever written. `scryptWorkFactor` is age's default (18, about 2 s
 * here) unless a test lowers it.
 */
export async function encryptBundle(
  json: string,
  passphrase: string,
  options: { progress?: CryptoProgress; scryptWorkFactor?: number; limits?: Partial<PlaintextLimits> } = {},
): Promise<Uint8Array> {
  // A bundle the import would refuse is never written: for a move it would take the tokens into a
  // file that no machine can open (the caller puts the connections back when this throws).
  const limits = { ...PLAINTEXT_LIMITS, ...options.limits };
  const plain = Buffer.from(json, 'utf8');
  if (plain.length > limits.bytes || jsonValuesAtMost(plain) > limits.values) {
    throw new DeskError(
      'VALIDATION',
      `This export would be larger than a bundle may be (${mebibytes(limits.bytes)} or ${limits.values.toLocaleString('en-US')} values unpacked), so no machine could import it: export fewer integrations at a time. Nothing was exported or moved.`,
    );
  }
  const compressed = new Uint8Array(await gzip(plain));
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  if (options.scryptWorkFactor !== undefined) encrypter.setScryptWorkFactor(options.scryptWorkFactor);
  // Fed in chunks so a large export reports progress as age consumes it.
  const encrypted = await encrypter.encrypt(chunked(compressed, options.progress));
  return concat(await readAll(encrypted));
}

/** `bytes` as a stream of CHUNK-sized pieces, reporting how far the consumer has read. */
function chunked(bytes: Uint8Array, progress?: CryptoProgress): ReadableStream<Uint8Array> {
  const total = bytes.length;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= total) {
        controller.close();
        return;
      }
      const end = Math.min(offset + CHUNK, total);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
      progress?.(offset, total);
    },
  });
}

/**
 * Decrypts and decompresses a bundle file, turning each way it can fail into a message an admin can
 * act on (and that contains nothing from the file): not a bundle, wrong passphrase, cut short or
 * damaged.
 */
export async function decryptBundle(
  file: Uint8Array,
  passphrase: string,
  options: { progress?: CryptoProgress; limits?: Partial<PlaintextLimits> } = {},
): Promise<string> {
  const limits = { ...PLAINTEXT_LIMITS, ...options.limits };
  if (file.length < AGE_MAGIC.length || !AGE_MAGIC.every((byte, i) => file[i] === byte)) {
    throw new DeskError('VALIDATION', 'This file is not an Integrations Desk bundle (it is not an age-encrypted file). Nothing was changed.');
  }
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let compressed: Uint8Array;
  try {
    compressed = concat(await readAll(await decrypter.decrypt(chunked(file, options.progress))));
  } catch (error) {
    throw decryptFailure(error);
  }
  let plain: Buffer;
  try {
    plain = await gunzip(compressed, { maxOutputLength: limits.bytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(`unpacks to more than ${mebibytes(limits.bytes)}`);
    throw new DeskError('VALIDATION', 'This bundle decrypted, but its content is damaged. Nothing was changed.');
  }
  if (jsonValuesAtMost(plain) > limits.values) throw tooLarge(`holds more than ${limits.values.toLocaleString('en-US')} values`);
  return plain.toString('utf8');
}

const mebibytes = (bytes: number): string => `${Math.floor(bytes / (1024 * 1024))} MiB`;

function tooLarge(what: string): DeskError {
  return new DeskError(
    'VALIDATION',
    `This bundle ${what}, far more than any bundle Integrations Desk writes, so it was not opened: it was not made by Integrations Desk, or it was altered. Nothing was changed.`,
  );
}

const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * An upper bound on the values `JSON.parse` would make of `text`: a value other than the first of an
 * object or array follows a comma, and each object or array adds at most one first value (commas and
 * brackets inside strings are counted too, which only raises the bound).
 */
function jsonValuesAtMost(text: Uint8Array): number {
  let count = 1;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i];
    if (byte === COMMA || byte === OPEN_BRACE || byte === OPEN_BRACKET) count += 1;
  }
  return count;
}

function decryptFailure(error: unknown): DeskError {
  const message = error instanceof Error ? error.message : '';
  // age-encryption's words for "the passphrase did not unwrap the file key" (and for a scrypt
  // stanza whose key does not open the header's MAC, which a wrong passphrase also produces).
  if (/no identity matched/i.test(message)) {
    return new DeskError('FORBIDDEN', 'Wrong passphrase: the bundle could not be decrypted with it. Nothing was changed.');
  }
  if (/work factor|logN/i.test(message)) {
    return new DeskError('VALIDATION', 'This bundle asks for more passphrase work than age allows; it was not made by Integrations Desk. Nothing was changed.');
  }
  return new DeskError(
    'VALIDATION',
    'This bundle is incomplete or damaged (it may have been cut short while copying): its encryption does not check out. Nothing was changed.',
  );
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
