import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Decrypter, Encrypter } from 'age-encryption';
import { DeskError } from '../support/desk-error.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/** Every age file starts with this line (age-encryption.org/v1 spec, "Header"). */
const AGE_MAGIC = new TextEncoder().encode('age-encryption.org/v1\n');
/** A decompressed bundle larger than this is refused (a gzip bomb), far above 100,000 integrations. */
const MAX_PLAINTEXT_BYTES = 512 * 1024 * 1024;
const CHUNK = 64 * 1024;

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
export async function encryptBundle(json: string, passphrase: string, options: { progress?: CryptoProgress; scryptWorkFactor?: number } = {}): Promise<Uint8Array> {
  const compressed = new Uint8Array(await gzip(Buffer.from(json, 'utf8')));
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
export async function decryptBundle(file: Uint8Array, passphrase: string, options: { progress?: CryptoProgress } = {}): Promise<string> {
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
  try {
    return (await gunzip(compressed, { maxOutputLength: MAX_PLAINTEXT_BYTES })).toString('utf8');
  } catch {
    throw new DeskError('VALIDATION', 'This bundle decrypted, but its content is damaged. Nothing was changed.');
  }
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
