/**
 * How integration names are ordered: letters compared without case or accents, numbers as numbers
 * ("Integration 9" before "Integration 10"). The window's list sorts by it, and main keeps the list's
 * first rows in the same order (`main/core/domain/integrations/list-head.ts`).
 */
export const compareNames: (a: string, b: string) => number = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare;
