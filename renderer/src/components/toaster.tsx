import { Toast } from 'radix-ui';
import { useToasts } from '../stores/toast-store.js';
import { AlertIcon, CheckIcon, InfoIcon, XIcon } from './icons.js';

/** Renders the toast queue with Radix Toast (announced politely, dismissible, F8 to reach). */
export function Toaster() {
  const { toasts, dismiss } = useToasts();
  return (
    <Toast.Provider swipeDirection="right" duration={5000} label="Notification">
      {toasts.map((t) => (
        <Toast.Root
          key={t.id}
          className={`toast ${t.tone}`}
          type={t.tone === 'error' ? 'foreground' : 'background'}
          onOpenChange={(open) => !open && dismiss(t.id)}
        >
          <span className="toast-icon">{t.tone === 'success' ? <CheckIcon /> : t.tone === 'error' ? <AlertIcon /> : <InfoIcon />}</span>
          <div className="toast-body">
            <Toast.Title className="toast-title">{t.title}</Toast.Title>
            {t.description && <Toast.Description className="toast-description">{t.description}</Toast.Description>}
          </div>
          <Toast.Close className="icon-button" aria-label="Dismiss notification">
            <XIcon size={14} />
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
