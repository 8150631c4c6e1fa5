import { Select } from 'radix-ui';
import type { Offering } from '../../../preload/contract/models.js';
import type { ControlProps } from './field.js';
import { CheckIcon, ChevronDownIcon } from './icons.js';

interface OfferingSelectProps extends ControlProps {
  offerings: Offering[];
  value: string;
  onChange(id: string): void;
  disabled?: boolean;
}

/** The Integration Offering dropdown (Radix Select): enabled offerings, with their environment. */
export function OfferingSelect({ offerings, value, onChange, disabled, ...control }: OfferingSelectProps) {
  return (
    <Select.Root value={value || undefined} onValueChange={onChange} disabled={disabled}>
      <Select.Trigger className="select-trigger" {...control}>
        <Select.Value placeholder="Select an offering" />
        <Select.Icon className="select-icon">
          <ChevronDownIcon />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content className="select-content" position="popper" sideOffset={4}>
          <Select.Viewport className="select-viewport">
            {offerings.map((o) => (
              <Select.Item key={o.id} value={o.id} className="select-item">
                <Select.ItemText>{o.name}</Select.ItemText>
                <span className="select-item-meta" aria-hidden="true">
                  {o.kind === 'salesforce' ? 'Salesforce' : 'OAuth 2.0'} · {o.environment}
                </span>
                <Select.ItemIndicator className="select-item-indicator">
                  <CheckIcon size={14} />
                </Select.ItemIndicator>
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
