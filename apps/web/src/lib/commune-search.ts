// Commune search shared by the form (client) and its tests: pure, no Svelte, no DOM.

export interface CommuneLike {
  code: string;
  name: string;
  postcodes: string[];
  delegatedCommunes: string[];
  epci: { name: string };
}

export interface CommuneGroup<C extends CommuneLike> {
  epci: string;
  communes: C[];
}

/** Lower case, no accents, hyphens and apostrophes as spaces, "st"/"ste" spelled out. */
export function normalizeText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[-'’‘`_.,/()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint');
}

/**
 * Communes matching what a resident typed: a postcode (or its start) when the query is made
 * of digits, otherwise a piece of the commune's name or of one of its communes déléguées.
 * An empty query matches every commune. Order of the input list is kept.
 */
export function matchCommunes<C extends CommuneLike>(communes: readonly C[], query: string): C[] {
  const compact = query.replace(/\s+/g, '');
  if (compact === '') return [...communes];
  if (/^\d+$/.test(compact)) return communes.filter((c) => c.postcodes.some((p) => p.startsWith(compact)));
  const q = normalizeText(query);
  if (q === '') return [...communes];
  return communes.filter(
    (c) => normalizeText(c.name).includes(q) || c.delegatedCommunes.some((d) => normalizeText(d).includes(q)),
  );
}

/** Text of a commune option: "Name (49000, 49100)". */
export function communeOptionLabel(c: Pick<CommuneLike, 'name' | 'postcodes'>): string {
  return c.postcodes.length ? `${c.name} (${c.postcodes.join(', ')})` : c.name;
}

/** Groups communes by EPCI name, keeping the order in which EPCIs and communes come. */
export function groupByEpci<C extends CommuneLike>(communes: readonly C[]): CommuneGroup<C>[] {
  const groups: CommuneGroup<C>[] = [];
  for (const c of communes) {
    const last = groups.at(-1);
    const group = last?.epci === c.epci.name ? last : groups.find((g) => g.epci === c.epci.name);
    if (group) group.communes.push(c);
    else groups.push({ epci: c.epci.name, communes: [c] });
  }
  return groups;
}

/** The sentence announced to screen reader users after a search. */
export function matchAnnouncement(count: number, selectedName?: string): string {
  if (count === 0) return 'Aucune commune ne correspond';
  if (count === 1) return selectedName ? `1 commune correspond : ${selectedName}, sélectionnée` : '1 commune correspond';
  return `${count} communes correspondent`;
}
