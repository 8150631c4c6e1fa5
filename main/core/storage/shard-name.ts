import path from 'node:path';
import { StoreError } from './store-error.js';

/**
 * One path segment of a store name: letters, digits, `_` and `-`, not starting with `-`.
 * No dots, so no `..`, and no confusion with the `.json.bak` / `.corrupt-…` files beside a store.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$/;
const ENCODED_SEGMENT = /^(?:[a-z0-9_]|\^[a-z])(?:[a-z0-9_-]|\^[a-z]){0,99}$/;
/** Device names that Windows refuses as file names, whatever the extension. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Whether `segment` may be one path segment of a store name (or a vault namespace). */
export function isValidSegment(segment: string): boolean {
  // The reserved names are lower case, so they can only match a segment without capitals, which
  // encodes to itself: testing the segment as it is gives the answer without building its encoding
  // (the vault checks a namespace on every read, the local API's proxy once per request).
  return SEGMENT.test(segment) && !WINDOWS_RESERVED.test(segment);
}

/**
 * Check a store name (`settings`, `connections/int_Ab3`) and return its file stem, relative to the dir.
 *
 * Names come from IDs, and IDs come from callers: anything that could climb out of the data dir
 * (`..`, absolute paths, separators of the other OS) is refused here, before a path is ever built.
 * Capitals are encoded (`A` → `^a`) because macOS and Windows file systems ignore case: without it,
 * `int_Ab` and `int_aB` would silently share one file.
 */
export function storeNameToStem(name: string): string {
  const segments = name.split('/');
  if (!segments.every(isValidSegment)) {
    throw new StoreError(
      'STORE_INVALID_NAME',
      'A store name is one or more "/"-separated segments of 1 to 100 letters, digits, "_" or "-" (not starting with "-").',
    );
  }
  return segments.map(encodeSegment).join('/');
}

/** Turn an encoded file stem segment back into the name segment, or undefined if it is not one of ours. */
export function stemToSegment(stem: string): string | undefined {
  if (!ENCODED_SEGMENT.test(stem) || WINDOWS_RESERVED.test(stem)) return undefined;
  return stem.replace(/\^([a-z])/g, (_, c: string) => c.toUpperCase());
}

function encodeSegment(segment: string): string {
  return segment.replace(/[A-Z]/g, (c) => `^${c.toLowerCase()}`);
}

/** The file of the store `name` (as `openJsonStore` names it) in `dir`: `<dir>/<stem>.json`. */
export const storeFile = (dir: string, name: string): string => path.join(dir, `${storeNameToStem(name)}.json`);
