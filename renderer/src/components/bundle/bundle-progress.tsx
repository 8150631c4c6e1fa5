import { useEffect, useState } from 'react';
import type { BundleProgress } from '../../../../preload/contract/bundle-models.js';
import { api } from '../../api/client.js';

const PHASE_WORDS: Record<BundleProgress['phase'], string> = {
  collecting: 'Collecting',
  encrypting: 'Encrypting',
  writing: 'Writing the file',
  reading: 'Reading',
  decrypting: 'Decrypting',
  checking: 'Checking',
  applying: 'Importing',
  done: 'Done',
};

/** The newest progress main reported for one operation (`bundle.progressed`). */
export function useBundleProgress(operationId: string | undefined): BundleProgress | undefined {
  const [progress, setProgress] = useState<BundleProgress>();
  useEffect(() => {
    setProgress(undefined);
    if (!operationId) return undefined;
    return api().on('bundle.progressed', (update) => {
      if (update.operationId === operationId) setProgress(update);
    });
  }, [operationId]);
  return progress;
}

/**
 * A labelled progress bar for a long export or import. Before the first report (age's key derivation
 * takes a second or two) it is indeterminate.
 */
export function BundleProgressBar({ operationId, label }: { operationId: string | undefined; label: string }) {
  const progress = useBundleProgress(operationId);
  if (!operationId) return null;
  const percent = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : undefined;
  return (
    <div className="bundle-progress" role="group" aria-label={label}>
      <progress className="bundle-progress-bar" max={100} value={percent} aria-label={label} data-phase={progress?.phase ?? 'starting'} />
      <span className="subtle small" aria-live="polite">
        {progress ? `${PHASE_WORDS[progress.phase]}${percent !== undefined ? ` ${percent}%` : ''}` : 'Working…'}
      </span>
    </div>
  );
}
