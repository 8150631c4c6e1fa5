import type { IntegrationStatus } from '../../../preload/contract/models.js';

const LABELS: Record<IntegrationStatus, string> = { draft: 'Draft', configured: 'Configured' };

/** The integration's lifecycle state; the dot and colour repeat what the text says. */
export function StatusBadge({ status }: { status: IntegrationStatus }) {
  return (
    <span className={`badge ${status}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
