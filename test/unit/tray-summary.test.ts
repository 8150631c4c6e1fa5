import { describe, expect, it } from 'vitest';
import { summarizeStatus, type SummaryConnection, type SummaryIntegration } from '../../main/core/connections/status-summary.js';
import { buildTrayModel } from '../../main/core/tray/tray-model.js';
import { traySummaryFrom } from '../../main/core/tray/tray-summary.js';

const integration = (id: string, name: string, over: Partial<SummaryIntegration> = {}): SummaryIntegration => ({ id, name, status: 'configured', ...over });
const connection = (id: string, integrationId: string, over: Partial<SummaryConnection> = {}): SummaryConnection => ({
  id,
  integrationId,
  userEmail: `${id}@acme.test`,
  status: 'connected',
  ...over,
});

/** The path the app takes: records → the connections module's summary → the tray's input → the model. */
function trayFor(integrations: SummaryIntegration[], connections: SummaryConnection[], vault?: { state: 'ready' | 'locked' | 'needs-decision' | 'key-missing'; message: string }) {
  const summary = summarizeStatus({ integrations, connections });
  return traySummaryFrom({ summary, integrations, vault });
}

describe('tray summary from the status summary', () => {
  it('counts connections by status, leaving deleted ones out of the total', () => {
    const tray = trayFor([integration('acme', 'Acme')], [
      connection('a', 'acme'),
      connection('b', 'acme'),
      connection('c', 'acme', { status: 'revoked' }),
      connection('d', 'acme', { status: 'deleted' }),
    ]);
    expect(tray.connections).toEqual({ total: 3, byStatus: { connected: 2, expired: 0, revoked: 1, deleted: 1 } });
    expect(buildTrayModel(tray).status.headline).toBe('All 2 connections healthy');
  });

  it('lists expired connections and failing refreshes as connection problems', () => {
    const tray = trayFor([integration('acme', 'Acme')], [
      connection('a', 'acme', { status: 'expired', statusReason: 'invalid_grant' }),
      connection('b', 'acme', { refreshProblem: { at: '2026-01-01T00:00:00Z', message: 'HTTP 503' } }),
    ]);
    expect(tray.attention.map((a) => [a.kind, a.id, a.problem, a.integrationName])).toEqual([
      ['connection', 'a', 'expired', 'Acme'],
      ['connection', 'b', 'refresh-failing', 'Acme'],
    ]);
  });

  it('tells rejected credentials (an error) from an integration back to draft with live connections', () => {
    const tray = trayFor(
      [
        integration('globex', 'Globex', { status: 'draft', verification: { at: 'x', outcome: 'rejected', message: 'Credentials rejected' } }),
        integration('initech', 'Initech', { status: 'draft' }),
      ],
      [connection('a', 'initech')],
    );
    expect(tray.attention.map((a) => [a.id, a.problem])).toEqual([
      ['globex', 'credentials-rejected'],
      ['initech', 'back-to-draft'],
    ]);
    const model = buildTrayModel(tray);
    expect(model.icon).toBe('error');
    expect(model.status.headline).toBe('2 need attention');
  });

  it('adds the vault when it is locked or waiting for a decision', () => {
    expect(trayFor([], [], { state: 'locked', message: 'Enter the passphrase.' }).attention).toEqual([
      { kind: 'vault', id: 'vault', problem: 'vault-locked', subject: 'Vault', reason: 'Enter the passphrase.' },
    ]);
    expect(trayFor([], [], { state: 'ready', message: '' }).attention).toEqual([]);
  });

  it('adds the vault as an error when the key its secrets need is missing', () => {
    const tray = trayFor([], [], { state: 'key-missing', message: 'Restore vault.key.' });
    expect(tray.attention).toEqual([{ kind: 'vault', id: 'vault', problem: 'vault-key-missing', subject: 'Vault', reason: 'Restore vault.key.' }]);
    const model = buildTrayModel(tray);
    expect(model.icon).toBe('error');
  });

  it('lists every integration for the quick actions, by name', () => {
    const tray = trayFor([integration('z', 'Zeta', { status: 'draft' }), integration('a', 'Alpha')], []);
    expect(tray.integrations).toEqual([
      { id: 'a', name: 'Alpha', status: 'configured' },
      { id: 'z', name: 'Zeta', status: 'draft' },
    ]);
  });
});
