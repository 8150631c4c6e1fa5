/**
 * Maps main's field keys onto the fields a form shows.
 *
 * Main reports zod paths (`scopes.2`, `endpoints.token`); each goes to the longest known field that is
 * the key or a prefix of it. Keys no field shows are returned apart, so the form can show them as a
 * form-level message rather than lose them.
 */
export function mapFieldErrors(fields: Record<string, string> | undefined, known: readonly string[]): { shown: Record<string, string>; unshown: string[] } {
  const shown: Record<string, string> = {};
  const unshown: string[] = [];
  for (const [key, message] of Object.entries(fields ?? {})) {
    const target = known
      .filter((k) => key === k || key.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (target) shown[target] ??= message;
    else unshown.push(message);
  }
  return { shown, unshown };
}
