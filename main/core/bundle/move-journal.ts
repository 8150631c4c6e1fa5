import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';

export const moveJournalDocSchema = z.object({
  moves: z.array(
    z.object({
      id: z.string(),
      integrationIds: z.array(z.string()),
      /** Where the bundle is being written, and the SHA-256 of its bytes: set before it is written. */
      target: z.string().optional(),
      digest: z.string().optional(),
      /** The connections the bundle holds (set with `target`): only these are moved for good once it is delivered. */
      connectionIds: z.array(z.string()).optional(),
    }),
  ),
});
export type MoveJournalDoc = z.infer<typeof moveJournalDocSchema>;
export const emptyMoveJournal = (): MoveJournalDoc => ({ moves: [] });

export type MoveJournal = ReturnType<typeof createMoveJournal>;

/**
 * The moves in progress, kept on disk (`bundle-moves.json`) so that a start after a crash knows how
 * each one ended.
 *
 * A move marks its connections `moved` before it encrypts the bundle (seconds of scrypt) and delivers
 * it. Killed in between, the connections would stay out of service for good though no bundle took
 * their tokens. With the journal, the next start decides: the bundle file is at its target, byte for
 * byte the one this move made, so the move is finished (tokens erased here: they live in the file);
 * otherwise it never left, and the connections are put back.
 */
export function createMoveJournal(store: DocStore<MoveJournalDoc>) {
  return {
    /** Before any connection is marked. */
    begin(integrationIds: readonly string[]): string {
      const id = randomBytes(9).toString('base64url');
      store.update((doc) => ({ moves: [...doc.moves, { id, integrationIds: [...integrationIds] }] }));
      return id;
    },
    /**
     * Before the bundle is written to `target`: from then on, that file means "delivered" for the
     * connections it holds (`connectionIds`); the others the move marked never left.
     */
    writing(id: string, target: string, bytes: Uint8Array, connectionIds: readonly string[]): void {
      const digest = createHash('sha256').update(bytes).digest('hex');
      store.update((doc) => ({ moves: doc.moves.map((m) => (m.id === id ? { ...m, target, digest, connectionIds: [...connectionIds] } : m)) }));
    },
    /** Once the move was finished or put back. */
    end(id: string): void {
      store.update((doc) => ({ moves: doc.moves.filter((m) => m.id !== id) }));
    },
    /**
     * The moves a previous process left unfinished, each with whether its bundle was delivered and, if
     * so, the connections it holds (none known: none are moved for good, all are put back).
     */
    interrupted(): Array<{ id: string; integrationIds: string[]; delivered: boolean; exported: string[] }> {
      return store.get().moves.map((m) => {
        const delivered = deliveredFile(m.target, m.digest);
        return { id: m.id, integrationIds: m.integrationIds, delivered, exported: delivered ? (m.connectionIds ?? []) : [] };
      });
    },
  };
}

function deliveredFile(target: string | undefined, digest: string | undefined): boolean {
  if (!target || !digest) return false;
  try {
    return createHash('sha256').update(fs.readFileSync(target)).digest('hex') === digest;
  } catch {
    return false;
  }
}
