import path from 'node:path';
import type { ExportResult } from '../../../preload/contract/bundle-models.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import { writeBundleFile } from './bundle-files.js';
import type { PendingMove } from './connection-moves.js';
import type { MoveJournal } from './move-journal.js';

/** An encrypted bundle, and for a move the connections it took out of service, waiting for delivery. */
export interface BuiltBundle {
  bytes: Uint8Array;
  integrations: number;
  pending?: PendingMove;
  moveId?: string;
}

export interface DeliveryDeps {
  moves?: MoveJournal;
  clock: Clock;
  logger: Logger;
  /** Progress of the export's `writing` phase (`done` of `total`). */
  writing(done: number, total: number): void;
  done(): void;
}

/**
 * Writes a built bundle to a file (`target`, worked out here so that a failure to name it is a failure
 * to write it); a move completes once the file is on disk (journalled first, see `move-journal.ts`),
 * and is put back otherwise. `where` says where it was written to, for the error.
 */
export async function deliverBundle(built: BuiltBundle, target: () => string, deps: DeliveryDeps, where = 'to that folder'): Promise<ExportResult> {
  let file: string;
  try {
    deps.writing(0, 1);
    file = target();
    if (built.moveId !== undefined) deps.moves!.writing(built.moveId, file, built.bytes, built.pending?.entries.map((e) => e.record.id) ?? []);
    await writeBundleFile(file, built.bytes);
  } catch (error) {
    built.pending?.abort();
    const code = error instanceof DeskError ? 'no folder' : ((error as NodeJS.ErrnoException).code ?? 'error');
    deps.logger.warn({ code }, 'bundle could not be written');
    throw new DeskError('INTERNAL', `The bundle could not be written ${where} (${code}). Nothing was moved.`);
  }
  built.pending?.finish(isoNow(deps.clock));
  deps.done();
  const moved = built.pending?.entries.length ?? 0;
  deps.logger.info({ integrations: built.integrations, connectionsMoved: moved, bytes: built.bytes.length }, 'bundle exported');
  return { fileName: path.basename(file), savedTo: file, bytes: built.bytes.length, integrations: built.integrations, connectionsMoved: moved };
}
