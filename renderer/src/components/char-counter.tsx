/** "42 / 100" beside a field with a limit; over the limit it turns into the field's error colour. */
export function CharCounter({ id, length, limit }: { id: string; length: number; limit: number }) {
  const over = length > limit;
  return (
    <span id={id} className={over ? 'char-counter over' : 'char-counter'} aria-live={over ? 'polite' : 'off'}>
      {length} / {limit}
      {over && <span className="sr-only"> characters: {length - limit} too many</span>}
    </span>
  );
}
