import { randomBytes } from 'node:crypto';

/**
 * The temp files of the stores' writes, named like atomically's (`x.json.tmp-<10 digits><6 hex>`, the
 * writes conf makes), plus the backup's (`x.json.bak.tmp`): what start-up removes after a crash
 * (`removeStaleTempFiles`). Every store write names its temp file with `tempFileFor`, so none that a
 * crash leaves is missed.
 */
export const TEMP_FILE = /\.json(?:\.tmp-\d{10}[a-f0-9]{6}|\.bak\.tmp)$/;

/** A fresh temp file name beside `file` (a store's `<name>.json`). */
export const tempFileFor = (file: string): string => `${file}.tmp-${String(Date.now()).slice(-10).padStart(10, '0')}${randomBytes(3).toString('hex')}`;
