/**
 * TypeORM's postgres `query()` answers UPDATE and DELETE with [rows, rowCount] and everything else
 * with the rows: this returns the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Rows touched by an UPDATE or DELETE run through TypeORM's `query()`. */
export function affectedOf(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}
