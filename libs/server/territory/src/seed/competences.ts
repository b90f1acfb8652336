// Themes, categories and who is competent for each in each EPCI: DOMAIN.md §2.
// A trailing "?" marks a cell to verify against BANATIC and ALM's statutes (seeded with to_verify = true).
// This is seed data: admins edit the rules in the database afterwards.

export type EpciKey = 'ALM' | 'CCALS' | 'CCLLA';
export type ExternalKey = 'departement' | 'region' | 'etat';
/** 'C' | 'E' | 'P' | 'X:region', optionally followed by '?'. */
export type Cell = `${'C' | 'E' | 'P' | `X:${ExternalKey}`}${'' | '?'}`;

export interface CategorySeed {
  key: string;
  label: string;
  m57Code: string | null;
  /** Start of the sentence shown to residents, up to its verb: "La collecte des déchets relève". */
  sentence: string;
  cells: Record<EpciKey, Cell>;
}

export interface ThemeSeed {
  key: string;
  label: string;
  categories: CategorySeed[];
}

export const EPCI_SEEDS: Record<EpciKey, { siren: string; name: string; phraseDe: string }> = {
  ALM: { siren: '244900015', name: 'Angers Loire Métropole', phraseDe: 'de la communauté urbaine Angers Loire Métropole' },
  CCALS: { siren: '200068955', name: 'Communauté de communes Anjou Loir et Sarthe', phraseDe: 'de la communauté de communes Anjou Loir et Sarthe' },
  CCLLA: { siren: '200071553', name: 'Communauté de communes Loire Layon Aubance', phraseDe: 'de la communauté de communes Loire Layon Aubance' },
};

export const EPCI_COMMUNE_COUNTS: Record<EpciKey, number> = { ALM: 29, CCALS: 17, CCLLA: 19 };

export const POLE_SEED = {
  code: 'pole-loire-angers',
  name: 'Pôle métropolitain Loire Angers',
  phraseDe: 'du Pôle métropolitain Loire Angers',
};

export const EXTERNAL_SEEDS: Record<ExternalKey, { code: string; name: string; phraseDe: string; phraseA: string; website: string }> = {
  departement: {
    code: 'departement-49',
    name: 'Département de Maine-et-Loire',
    phraseDe: 'du Département de Maine-et-Loire',
    phraseA: 'au Département de Maine-et-Loire',
    website: 'https://www.maine-et-loire.fr',
  },
  region: {
    code: 'region-52',
    name: 'Région Pays de la Loire',
    phraseDe: 'de la Région Pays de la Loire',
    phraseA: 'à la Région Pays de la Loire',
    website: 'https://www.paysdelaloire.fr',
  },
  etat: {
    code: 'etat',
    name: "Services de l'État",
    phraseDe: "des services de l'État",
    phraseA: 'au commissariat de police ou à la brigade de gendarmerie (en urgence, composez le 17 ou le 112)',
    website: 'https://www.maine-et-loire.gouv.fr',
  },
};

const all = (cell: Cell): Record<EpciKey, Cell> => ({ ALM: cell, CCALS: cell, CCLLA: cell });
const cells = (ALM: Cell, CCALS: Cell, CCLLA: Cell): Record<EpciKey, Cell> => ({ ALM, CCALS, CCLLA });

export const THEME_SEEDS: ThemeSeed[] = [
  {
    key: 'mobility',
    label: 'Mobilités',
    categories: [
      { key: 'public_transport_cycling', label: 'Transports en commun, vélo, covoiturage', m57Code: null, sentence: 'Les transports en commun, le vélo et le covoiturage relèvent', cells: cells('E', 'X:region?', 'X:region?') },
    ],
  },
  {
    key: 'roads_parking',
    label: 'Voirie et stationnement',
    categories: [
      { key: 'roads', label: 'Voirie, trottoirs, signalisation', m57Code: '90-84', sentence: 'La voirie, les trottoirs et la signalisation relèvent', cells: cells('E', 'E?', 'C?') },
      { key: 'parking', label: 'Stationnement', m57Code: null, sentence: 'Le stationnement relève', cells: cells('E', 'C', 'C') },
    ],
  },
  {
    key: 'street_lighting',
    label: 'Éclairage public',
    categories: [
      { key: 'street_lighting', label: 'Éclairage public', m57Code: '90-512', sentence: "L'éclairage public relève", cells: cells('E?', 'C?', 'C?') },
    ],
  },
  {
    key: 'waste',
    label: 'Déchets',
    categories: [
      { key: 'waste_collection', label: 'Collecte, tri, déchèteries', m57Code: '90-72', sentence: 'La collecte des déchets relève', cells: all('E') },
    ],
  },
  {
    key: 'cleanliness',
    label: 'Propreté',
    categories: [
      { key: 'cleanliness', label: 'Propreté, tags, dépôts sauvages', m57Code: null, sentence: 'La propreté, les tags et les dépôts sauvages relèvent', cells: all('C?') },
    ],
  },
  {
    key: 'water_sanitation',
    label: 'Eau',
    categories: [
      { key: 'water_sanitation', label: 'Eau potable, assainissement, pluvial', m57Code: null, sentence: "L'eau potable, l'assainissement et les eaux pluviales relèvent", cells: cells('E', 'E?', 'E?') },
      { key: 'rivers_flooding', label: 'Rivières et inondations (GEMAPI)', m57Code: null, sentence: 'La gestion des rivières et la prévention des inondations (GEMAPI) relèvent', cells: all('E') },
    ],
  },
  {
    key: 'environment_climate_energy',
    label: 'Environnement, climat, énergie',
    categories: [
      { key: 'climate_plan', label: 'Plan climat, transition énergétique (PCAET)', m57Code: null, sentence: 'Le plan climat et la transition énergétique relèvent', cells: all('P') },
      { key: 'air_noise_biodiversity', label: 'Air, bruit, biodiversité', m57Code: null, sentence: "La qualité de l'air, le bruit et la biodiversité relèvent", cells: cells('E', 'E?', 'E?') },
    ],
  },
  {
    key: 'green_spaces',
    label: 'Espaces verts',
    categories: [
      { key: 'parks_playgrounds_trees', label: 'Parcs, aires de jeux, arbres', m57Code: null, sentence: 'Les parcs, les aires de jeux et les arbres relèvent', cells: cells('C', 'C?', 'C?') },
    ],
  },
  {
    key: 'planning_housing',
    label: 'Urbanisme et logement',
    categories: [
      { key: 'scot', label: 'Schéma de cohérence territoriale (SCoT)', m57Code: null, sentence: 'Le schéma de cohérence territoriale (SCoT) relève', cells: all('P') },
      { key: 'plui_housing', label: 'PLUi, habitat, logement', m57Code: null, sentence: "Le plan local d'urbanisme intercommunal, l'habitat et le logement relèvent", cells: cells('E', 'E?', 'E?') },
    ],
  },
  {
    key: 'economy_employment_tourism',
    label: 'Économie, emploi, tourisme',
    categories: [
      { key: 'economy_employment_tourism', label: "Zones d'activité, commerce, emploi, tourisme", m57Code: null, sentence: "Les zones d'activité, le commerce, l'emploi et le tourisme relèvent", cells: all('E') },
    ],
  },
  {
    key: 'childhood_education_youth',
    label: 'Enfance, éducation, jeunesse',
    categories: [
      { key: 'early_childhood', label: 'Petite enfance (crèches, relais petite enfance)', m57Code: null, sentence: 'La petite enfance (crèches, relais petite enfance) relève', cells: cells('C', 'E', 'C?') },
      { key: 'schools', label: 'Écoles, cantine, périscolaire', m57Code: null, sentence: 'Les écoles, la cantine et le périscolaire relèvent', cells: all('C') },
      { key: 'youth_leisure', label: 'Jeunesse, accueils de loisirs', m57Code: null, sentence: 'La jeunesse et les accueils de loisirs relèvent', cells: cells('C', 'E', 'C?') },
      { key: 'middle_schools', label: 'Collèges', m57Code: null, sentence: 'Les collèges relèvent', cells: all('X:departement') },
      { key: 'high_schools', label: 'Lycées', m57Code: null, sentence: 'Les lycées relèvent', cells: all('X:region') },
    ],
  },
  {
    key: 'social_health_solidarity',
    label: 'Solidarités et santé',
    categories: [
      { key: 'social_action', label: 'Action sociale (CCAS), seniors, handicap', m57Code: null, sentence: "L'action sociale (CCAS), l'accompagnement des seniors et le handicap relèvent", cells: cells('C', 'C?', 'C') },
      { key: 'gerontology', label: 'Gérontologie (CLIC)', m57Code: null, sentence: 'La gérontologie (CLIC) relève', cells: cells('C?', 'C?', 'E') },
      { key: 'departmental_solidarity', label: "RSA, APA, protection de l'enfance", m57Code: null, sentence: "Le RSA, l'APA et la protection de l'enfance relèvent", cells: all('X:departement') },
    ],
  },
  {
    key: 'culture_sport_leisure',
    label: 'Culture, sport, loisirs',
    categories: [
      { key: 'libraries', label: 'Bibliothèques, médiathèques', m57Code: null, sentence: 'Les bibliothèques et les médiathèques relèvent', cells: cells('C', 'E', 'C?') },
      { key: 'facilities_associations', label: 'Équipements sportifs et culturels, associations', m57Code: null, sentence: 'Les équipements sportifs et culturels et la vie associative relèvent', cells: cells('C', 'C', 'C?') },
    ],
  },
  {
    key: 'digital_inclusion_public_services',
    label: 'Inclusion numérique et services publics',
    categories: [
      { key: 'france_services', label: 'France services, aide aux démarches', m57Code: null, sentence: "Les espaces France services et l'aide aux démarches relèvent", cells: cells('C?', 'E', 'C?') },
    ],
  },
  {
    key: 'safety_tranquility',
    label: 'Sécurité et tranquillité',
    categories: [
      { key: 'municipal_police', label: 'Police municipale, nuisances', m57Code: null, sentence: 'La police municipale et les nuisances relèvent', cells: all('C') },
      { key: 'national_police', label: 'Police nationale, gendarmerie', m57Code: null, sentence: 'La police nationale et la gendarmerie relèvent', cells: all('X:etat') },
    ],
  },
  {
    key: 'civic_life_admin',
    label: 'Vie citoyenne',
    categories: [
      { key: 'civic_admin', label: 'État civil, élections, cimetières, démarches', m57Code: null, sentence: "L'état civil, les élections, les cimetières et les démarches administratives relèvent", cells: all('C') },
    ],
  },
];

export interface ParsedCell {
  level: 'C' | 'E' | 'P' | 'X';
  external: ExternalKey | null;
  toVerify: boolean;
}

export function parseCell(cell: Cell): ParsedCell {
  const toVerify = cell.endsWith('?');
  const body = toVerify ? cell.slice(0, -1) : cell;
  if (body.startsWith('X:')) return { level: 'X', external: body.slice(2) as ExternalKey, toVerify };
  return { level: body as ParsedCell['level'], external: null, toVerify };
}

/** The rule's sentence, with placeholders filled at routing time. */
export function reasonTemplate(sentence: string, level: ParsedCell['level']): string {
  return level === 'X'
    ? `${sentence} {de_autorite} : hors compétence locale. Adressez-vous {a_autorite}.`
    : `${sentence} {de_autorite}.`;
}
