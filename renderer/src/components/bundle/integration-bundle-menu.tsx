import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';
import type { Integration } from '../../../../preload/contract/models.js';
import { MoreIcon } from '../icons.js';
import { ExportBundleDialog } from './export-bundle-dialog.js';

/** An integration's menu: export it (with or without its connections) to an encrypted bundle. */
export function IntegrationBundleMenu({ integration }: { integration: Integration }) {
  const [exporting, setExporting] = useState(false);
  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="icon-button" aria-label={`More actions for ${integration.name}`}>
          <MoreIcon />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.Item className="menu-item" onSelect={() => setExporting(true)}>
              Export to a bundle…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ExportBundleDialog open={exporting} onOpenChange={setExporting} integrationIds={[integration.id]} />
    </>
  );
}
