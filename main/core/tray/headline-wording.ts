/**
 * The tray's headline: how many things need the admin, or that everything is fine.
 *
 * "1 needs attention" / "3 need attention" when anything does; otherwise it counts the connections that
 * work ("All 12 connections healthy"). Revoked connections are neither healthy nor a problem (the admin
 * revoked them), so they are left out of the count.
 */
export function headlineFor(problems: number, connections: { connected: number; total: number }): string {
  if (problems === 1) return '1 needs attention';
  if (problems > 1) return `${problems} need attention`;
  if (connections.total === 0) return 'No connections yet';
  if (connections.connected === 0) return 'No active connections';
  if (connections.connected === 1) return '1 connection healthy';
  return `All ${connections.connected} connections healthy`;
}
