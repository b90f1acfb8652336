// Small French grammar helpers for generated sentences.

const VOWEL_START = /^[AEIOUYÂÀÉÈÊÎÏÔÛaeiouyâàéèêîïôû]/;

/** "de" + a place name, with elision and contraction: d'Avrillé, du Plessis-Grammoire, des Ponts-de-Cé. */
export function deNomDeLieu(name: string): string {
  if (name.startsWith('Les ')) return `des ${name.slice(4)}`;
  if (name.startsWith('Le ')) return `du ${name.slice(3)}`;
  if (VOWEL_START.test(name)) return `d'${name}`;
  return `de ${name}`;
}

/** Lower case without accents, for search. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

export function fillReason(template: string, authority: { phraseDe: string; phraseA: string | null }): string {
  return template.replaceAll('{de_autorite}', authority.phraseDe).replaceAll('{a_autorite}', authority.phraseA ?? authority.phraseDe);
}
