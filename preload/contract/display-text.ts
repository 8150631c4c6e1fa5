/**
 * Characters a display name may not contain: Unicode categories Cc (controls: NUL, CR, LF, tab, ESC…),
 * Cf (invisible formatting: bidi overrides such as U+202E, zero-width characters, BOM) and Cs (lone
 * surrogates, which are not text at all).
 *
 * Why: names reach the tray menu, notifications, window titles and log lines. A line break forges a
 * second log line or menu entry; a bidi override makes "gpj.exe" read as "exe.jpg"; a NUL or a lone
 * surrogate breaks native APIs that expect valid UTF-16/UTF-8.
 */
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/** True when `value` has none of the characters above (for a zod `.refine`). */
export const hasNoHiddenCharacters = (value: string): boolean => !HIDDEN_CHARACTERS.test(value);

/** The message shown beside the field. */
export const hiddenCharactersMessage = (label: string): string =>
  `${label} cannot contain control or invisible formatting characters (line breaks, tabs, direction overrides, zero-width characters)`;

/** Drops those characters from text that did not come from the admin (e.g. a provider's user or org name). */
export const withoutHiddenCharacters = (value: string): string => value.replace(new RegExp(HIDDEN_CHARACTERS.source, 'gu'), '');
