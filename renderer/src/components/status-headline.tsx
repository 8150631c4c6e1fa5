import { Popover } from 'radix-ui';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { StatusHeadline as Status } from '../../../preload/contract/status-models.js';
import { api } from '../api/client.js';
import { ChevronDownIcon } from './icons.js';
import '../styles/status-headline.css';

const LEVEL_TEXT: Record<Status['level'], string> = { ok: 'All good', attention: 'Needs attention', error: 'Problem' };

/** The tray's headline, kept current: loaded once, then replaced by each `status.changed` event. */
function useStatusHeadline(): Status | undefined {
  const [status, setStatus] = useState<Status>();
  useEffect(() => {
    let live = true;
    const stop = api().on('status.changed', (next) => setStatus(next));
    void api()
      .status.headline()
      .then((result) => {
        // An event may have arrived first; it is newer than this answer.
        if (live && result.ok) setStatus((current) => current ?? result.value);
      });
    return () => {
      live = false;
      stop();
    };
  }, []);
  return status;
}

/**
 * The page header's at-a-glance status: the same headline and attention list as the tray menu.
 *
 * Main builds both from one tray model (`status.headline`), so the page and the tray cannot disagree;
 * this is how browser mode, which has no tray, shows it. Each attention item links to its page.
 */
/**
 * The attention list as a popover (Radix): it closes on Escape, on a click outside and when an item is
 * followed, like every other menu. Rendered in place (no portal), so it stays part of the header.
 */
function AttentionPopover({ items }: { items: Status['attention'] }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="status-headline-trigger">
        Needs attention ({items.length}) <ChevronDownIcon size={14} />
      </Popover.Trigger>
      <Popover.Content className="status-headline-popover" align="start" sideOffset={6} collisionPadding={12}>
        <ul aria-label="Needs attention">
          {items.map((item) => (
            <li key={`${item.kind}:${item.id}`} className={`severity-${item.severity}`}>
              <Link to={item.route} onClick={() => setOpen(false)}>
                {item.label}
              </Link>
              <span className="status-headline-reason">{item.reason}</span>
            </li>
          ))}
        </ul>
      </Popover.Content>
    </Popover.Root>
  );
}

export function StatusHeadline() {
  const status = useStatusHeadline();
  if (!status) return null;
  const count = status.attention.length;
  return (
    <header className={`status-headline level-${status.level}`} aria-label="Status">
      <span className="status-headline-dot" aria-hidden="true" />
      <span className="sr-only">{LEVEL_TEXT[status.level]}:</span>
      <p className="status-headline-text" role="status" data-testid="status-headline">
        {status.headline}
      </p>
      {count > 0 && <AttentionPopover items={status.attention} />}
    </header>
  );
}
