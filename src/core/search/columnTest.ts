// The SQL test of one column against one comparison of a search filter, as MLflow's SQLAlchemy
// stores compile it for SQLite; shared by the run, registered-model and logged-model searches.
// The value is always a bound parameter, appended to `params` in placeholder order.

export interface ValueComparison {
  comparator: string;
  /** A list for IN / NOT IN, the text between the quotes for LIKE / ILIKE. */
  value: number | string | string[] | null;
}

export function columnTest(column: string, c: ValueComparison, params: (string | number)[]): string {
  switch (c.comparator) {
    case 'IN':
    case 'NOT IN': {
      const values = c.value as string[];
      params.push(...values);
      return `${column} ${c.comparator} (${placeholders(values.length)})`;
    }
    case 'LIKE':
      // MLflow runs SQLite with case_sensitive_like on; GLOB is that match whatever the connection's pragma.
      params.push(likeToGlob(c.value as string));
      return `${column} GLOB ?`;
    case 'ILIKE':
      params.push(c.value as string);
      return `lower(${column}) LIKE lower(?)`;
    default:
      params.push(c.value as string | number);
      return `${column} ${c.comparator} ?`;
  }
}

/** A SQL LIKE pattern (no ESCAPE clause, as MLflow sends it) as the equivalent GLOB pattern. */
export function likeToGlob(pattern: string): string {
  const glob: Record<string, string> = { '%': '*', _: '?', '*': '[*]', '?': '[?]', '[': '[[]' };
  return [...pattern].map((ch) => glob[ch] ?? ch).join('');
}

/** `?, ?, ?` for n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
