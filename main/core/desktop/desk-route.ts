/**
 * What a tray item, a notification or a header link points at in the window.
 *
 * One place turns targets into renderer routes, so the tray, the notifications and browser mode's header
 * open the same page for the same item. Ids are encoded although the app generates them: a route is a
 * URL path, and an id must never be able to add a segment or a query.
 */
export type DeskTarget =
  | { kind: 'home' }
  | { kind: 'create-integration' }
  | { kind: 'integration'; integrationId: string }
  | { kind: 'connection'; integrationId: string; connectionId: string }
  | { kind: 'connections'; integrationId: string };

/** The renderer route (path and query) that shows `target`. */
export function routeFor(target: DeskTarget): string {
  const at = (integrationId: string) => `/oauth/${encodeURIComponent(integrationId)}`;
  switch (target.kind) {
    case 'home':
      return '/oauth';
    case 'create-integration':
      return '/oauth/create';
    case 'integration':
      return at(target.integrationId);
    case 'connections':
      return `${at(target.integrationId)}?tab=connections`;
    case 'connection':
      // The connection's own page (`/oauth/<integration>/connections/<connection>`).
      return `${at(target.integrationId)}/connections/${encodeURIComponent(target.connectionId)}`;
  }
}
