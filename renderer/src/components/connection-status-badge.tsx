import type { ConnectionStatus } from '../../../preload/contract/connection-models.js';

export const CONNECTION_STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  expired: 'Expired',
  revoked: 'Revoked',
  deleted: 'Deleted',
  moved: 'Moved',
};

/** A connection's status; the dot and colour repeat what the text says. */
export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`badge conn-${status}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {CONNECTION_STATUS_LABELS[status]}
    </span>
  );
}
