import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of a key's secret value; lets secret scanners (and people) recognise a leaked key. */
export const SECRET_PREFIX = 'desk_sk_';
/** Prefix of a key's public identifier, which is not a secret. */
export const PUBLIC_PREFIX = 'desk_pk_';

const SECRET_BYTES = 32;
/** 32 bytes in unpadded base64url are 43 characters. */
const SECRET_PATTERN = /^desk_sk_[A-Za-z0-9_-]{43}$/;

/**
 * A new secret key value: `desk_sk_` and 256 random bits from the OS CSPRNG, base64url.
 *
 * 256 bits make guessing hopeless whatever the rate limit, which is also what lets us store a plain
 * SHA-256 digest (see `hashSecret`).
 */
export function newSecretValue(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * A new public key: random, and deliberately not derived from the secret, so that knowing it (it is
 * shown in lists and may be pasted into tickets) says nothing about the secret.
 */
export function newPublicKey(): string {
  return PUBLIC_PREFIX + randomBytes(16).toString('base64url');
}

/** True when the value has the shape of a key; anything else is refused before hashing. */
export const isWellFormedSecret = (value: string): boolean => SECRET_PATTERN.test(value);

/**
 * The digest stored in place of the key: SHA-256, hex.
 *
 * A fast, unsalted hash is the right tool here, unlike for passwords: slow salted hashes (scrypt,
 * argon2) exist to stop dictionary attacks on low-entropy secrets, and a 256-bit random key has no
 * dictionary. SHA-256 is preimage-resistant, so the data folder does not reveal the key, and it costs
 * about a microsecond, which the local API pays on every request (a slow hash would cap it at a few
 * requests per second per core).
 */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Compares two hex digests in constant time.
 *
 * The digests are of attacker-chosen input, so timing would at most reveal a digest prefix, which
 * does not help find a preimage; comparing in constant time anyway removes the question.
 */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Compares a stored key value with a presented one in constant time (the verified-key cache's check).
 *
 * `room` (as long as `stored`) takes the presented value's bytes: no buffer is made per request.
 */
export function sameValue(stored: Buffer, room: Buffer, presented: string): boolean {
  if (room.length !== stored.length || Buffer.byteLength(presented, 'utf8') !== stored.length) return false;
  room.write(presented, 'utf8');
  return timingSafeEqual(stored, room);
}
