// Wording of the public figures (shared by the list and the page of an authority).
import type { Messages } from '$lib/i18n';

/** "4,5 jours" / "4.5 days", "1 jour", or a dash before any answer. */
export function days(value: number | null, t: Messages['accountability']): string {
  return value === null ? '—' : t.days(value);
}
