/**
 * Plaintexts kept per secret (issue 15): the local API reads a connection's access token on every
 * proxied request, and an AES-GCM decipher per read was an eighth of its CPU. The vault keeps only what
 * a read asks it to keep (`keepDecrypted`: the access tokens, short-lived by nature); a refresh token, a
 * client secret or a passphrase is never held decrypted beyond its read.
 *
 * One slot per secret (namespace and key), holding the stored entry it was decrypted from: it answers
 * only while that entry is still the stored one, a new value takes the slot over, and deleting the
 * secret or its namespace empties it, so a replaced or deleted secret never lingers here (whatever a
 * read did while its replacement was being written). The vault runs every check (locked, key missing)
 * before asking, and empties it on `lock()` and re-encryption. Bounded: the oldest slot goes first.
 */
export function createDecryptedSlots(max = 1_000) {
  const slots = new Map<string, { entry: string; plain: string }>();
  const slotOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

  return {
    /** The kept plaintext of `entry`, if the slot still holds that very entry. */
    get(namespace: string, key: string, entry: string): string | undefined {
      const kept = slots.get(slotOf(namespace, key));
      return kept?.entry === entry ? kept.plain : undefined;
    },
    keep(namespace: string, key: string, entry: string, plain: string): void {
      const slot = slotOf(namespace, key);
      slots.delete(slot);
      if (slots.size >= max) slots.delete(slots.keys().next().value!);
      slots.set(slot, { entry, plain });
    },
    forget(namespace: string, keys: Iterable<string>): void {
      for (const key of keys) slots.delete(slotOf(namespace, key));
    },
    forgetNamespace(namespace: string): void {
      const prefix = slotOf(namespace, '');
      for (const slot of slots.keys()) if (slot.startsWith(prefix)) slots.delete(slot);
    },
    clear: () => slots.clear(),
  };
}
