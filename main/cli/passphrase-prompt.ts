import readline from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a passphrase from the terminal without echoing it.
 *
 * The prompt goes to stderr (stdout stays clean for scripts); what is typed is never written out.
 */
export async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('No terminal to ask for the passphrase: set DESK_BUNDLE_PASSPHRASE.');
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
