import { useState } from 'react';
import { BackupSettings } from './backup-settings.js';
import { ExportBundleDialog } from './export-bundle-dialog.js';
import { ImportBundleDialog } from './import-bundle-dialog.js';
import '../../styles/bundle.css';

/**
 * Settings → "Move or back up": export to an encrypted bundle, import one, and automatic backups.
 */
export function WorkspaceSection() {
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  return (
    <section className="card" aria-labelledby="workspace-title">
      <div className="card-header">
        <div>
          <h2 id="workspace-title">Move or back up</h2>
          <p className="subtle small">
            Encrypted bundles (age format, to a passphrase) carry integrations to another computer, or keep a copy of them.
          </p>
        </div>
      </div>
      <div className="card-body form-stack">
        <div className="bundle-section-actions">
          <button type="button" className="button primary" onClick={() => setExporting(true)}>
            Export…
          </button>
          <button type="button" className="button" onClick={() => setImporting(true)}>
            Import…
          </button>
        </div>
        <h3 className="small">Automatic backups</h3>
        <BackupSettings />
      </div>
      <ExportBundleDialog open={exporting} onOpenChange={setExporting} />
      <ImportBundleDialog open={importing} onOpenChange={setImporting} />
    </section>
  );
}
