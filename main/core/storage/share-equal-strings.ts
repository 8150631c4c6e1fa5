/**
 * Make equal strings (and equal lists of strings) inside one document the same instance.
 *
 * Issue 15: a document kept in memory for the whole session holds many equal values — a connection
 * shard's timestamps (a sign-in stamps `connectedAt`, `lastActiveAt` and `updatedAt` alike), its org's
 * instance URL and id, the same scopes and expiry source on every connection — and `JSON.parse`,
 * `structuredClone` and the schema each give every one of them its own copy. Sharing them costs one
 * walk when the document is read or written, and keeps nothing beyond the document: the table of seen
 * values is per call, so nothing is interned for the life of the process.
 *
 * Changes no value, only which instance holds it (strings are immutable; a shared list is frozen with
 * the document, as every kept document is). Mutates `doc` in place and returns it: pass a fresh,
 * unfrozen tree (a schema's output is one); frozen parts are left as they are.
 */
export function shareEqualStrings<T>(doc: T): T {
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();

  const share = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const known = strings.get(value);
      if (known !== undefined) return known;
      strings.set(value, value);
      return value;
    }
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      let allStrings = value.length > 0;
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = share(value[i]);
        value[i] = item;
        if (typeof item !== 'string') allStrings = false;
      }
      if (!allStrings) return value;
      const key = JSON.stringify(value);
      const known = lists.get(key);
      if (known) return known;
      lists.set(key, value as string[]);
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = share(record[key]);
    return value;
  };

  return share(doc) as T;
}
