import { ToggleGroup } from 'radix-ui';
import { formatCount } from '../lib/format.js';

export interface SegmentedFilterProps<V extends string> {
  /** What the choice filters, for screen readers ("Filter by status"). */
  label: string;
  options: ReadonlyArray<readonly [value: V, label: string]>;
  value: NoInfer<V>;
  onChange(value: NoInfer<V>): void;
  /** A count shown beside each option, when the filter has them. */
  counts?: Readonly<Record<V, number>>;
}

/**
 * One choice among a few filters, shown as segments (Radix ToggleGroup: arrow keys move between them,
 * and a click on the chosen one keeps it chosen rather than clearing the filter).
 */
export function SegmentedFilter<V extends string>({ label, options, value, onChange, counts }: SegmentedFilterProps<V>) {
  return (
    <ToggleGroup.Root type="single" className="segmented" aria-label={label} value={value} onValueChange={(next) => next && onChange(next as V)}>
      {options.map(([option, text]) => (
        <ToggleGroup.Item key={option} value={option} className="segment">
          {text}
          {counts && (
            <>
              {' '}
              <span className="segment-count">{formatCount(counts[option])}</span>
            </>
          )}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
