/**
 * French full-text search over a need's title and description, shared by the public `needs` list and
 * the staff inbox (and its CSV export): French stemming, accents ignored, web-search syntax ("…", -mot, or).
 */

/** The words as searched: NFC, trimmed, at most 200 characters; null when there is nothing to search. */
export function cleanNeedSearch(q: string | null | undefined): string | null {
  return q?.normalize('NFC').trim().slice(0, 200) || null;
}

/** A boolean SQL expression: the need aliased `alias` matches the words bound to `placeholder` (e.g. `$3`). */
export function needSearchSql(alias: string, placeholder: string): string {
  return `pit_need_search(${alias}.title, ${alias}.description) @@ websearch_to_tsquery('french', pit_unaccent(${placeholder}))`;
}
