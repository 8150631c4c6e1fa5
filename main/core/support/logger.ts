import fs from 'node:fs';
import path from 'node:path';
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child' | 'isLevelEnabled'>;

/**
 * Field names whose values are censored wherever they appear in a log object.
 *
 * Defence in depth: code never passes secrets to the logger on purpose, but a whole request or error
 * object might carry one, and a log file is the classic place secrets leak from.
 */
export const REDACTED_KEYS = [
  'clientSecret',
  'client_secret',
  'secret',
  'password',
  'passphrase',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'apiKey',
  'authorization',
  'cookie',
  'token',
];

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  /** Folder for `desk.log`; omitted → stderr only. */
  dir?: string;
  level?: string;
  /** Where human-relevant warnings also go; default stderr. Tests pass a stream to scan. */
  stream?: NodeJS.WritableStream;
}

/** Creates the app's structured logger: JSON lines to `<dir>/logs/desk.log` (0600) and warnings to stderr. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.DESK_LOG_LEVEL ?? 'info';
  const streams: { level: string; stream: NodeJS.WritableStream }[] = [
    { level: 'warn', stream: options.stream ?? process.stderr },
  ];
  if (options.dir) {
    const logDir = path.join(options.dir, 'logs');
    fs.mkdirSync(logDir, { recursive: true, mode: 0o700 });
    const file = path.join(logDir, 'desk.log');
    const fd = fs.openSync(file, 'a', 0o600);
    tightenModes(logDir, fd);
    streams.push({ level, stream: fs.createWriteStream('', { fd }) });
  }
  return pino(
    { level, redact: { paths: redactPaths, censor: '[redacted]' }, base: undefined },
    pino.multistream(streams),
  );
}

/**
 * Tightens a log folder and file that already existed with looser modes (0755/0644 from an older
 * version, a restored backup, or a hand-made folder): `mkdir` and `open` set modes only on creation.
 * Log lines name integrations, connections and e-mails, which other local users must not read.
 */
function tightenModes(logDir: string, fd: number): void {
  if (process.platform === 'win32') return;
  if ((fs.statSync(logDir).mode & 0o077) !== 0) fs.chmodSync(logDir, 0o700);
  if ((fs.fstatSync(fd).mode & 0o077) !== 0) fs.fchmodSync(fd, 0o600);
}
