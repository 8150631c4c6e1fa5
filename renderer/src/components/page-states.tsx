import { AlertIcon, RefreshIcon, Spinner } from './icons.js';

/** A failed load: the call's own message and a way to try again. */
export function ErrorState({ title, message, onRetry }: { title: string; message?: string; onRetry?: () => void }) {
  return (
    <div className="state-panel error" role="alert">
      <AlertIcon size={20} />
      <div>
        <h2>{title}</h2>
        {message && <p>{message}</p>}
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          <RefreshIcon /> Try again
        </button>
      )}
    </div>
  );
}

/** A loading placeholder that keeps the layout steady; announced as busy. */
export function LoadingState({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div className="loading-state" aria-busy="true" role="status" aria-label={label}>
      <p className="loading-label">
        <Spinner /> {label}
      </p>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}
