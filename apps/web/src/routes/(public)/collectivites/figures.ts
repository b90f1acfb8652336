// Wording of the public figures (shared by the list and the page of an authority).

/** "4,5 jours", "1 jour", or a dash before any answer. */
export function days(value: number | null): string {
  if (value === null) return '—';
  const text = value.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  return value <= 1 ? `${text} jour` : `${text} jours`;
}
