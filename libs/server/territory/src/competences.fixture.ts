// DOMAIN.md §2, copied by hand for tests: the level each category falls to in each EPCI.
// Written independently of seed/competences.ts on purpose (a test must not derive its expectations
// from the code it checks). "?" marks of the domain table are left out: they do not change the level.
export type Expected = 'C' | 'E' | 'P' | 'X:departement' | 'X:region' | 'X:etat';

export const DOMAIN_COMPETENCES: ReadonlyArray<readonly [category: string, alm: Expected, ccals: Expected, cclla: Expected]> = [
  ['public_transport_cycling', 'E', 'X:region', 'X:region'],
  ['roads', 'E', 'E', 'C'],
  ['parking', 'E', 'C', 'C'],
  ['street_lighting', 'E', 'C', 'C'],
  ['waste_collection', 'E', 'E', 'E'],
  ['cleanliness', 'C', 'C', 'C'],
  ['water_sanitation', 'E', 'E', 'E'],
  ['rivers_flooding', 'E', 'E', 'E'],
  ['climate_plan', 'P', 'P', 'P'],
  ['air_noise_biodiversity', 'E', 'E', 'E'],
  ['parks_playgrounds_trees', 'C', 'C', 'C'],
  ['scot', 'P', 'P', 'P'],
  ['plui_housing', 'E', 'E', 'E'],
  ['economy_employment_tourism', 'E', 'E', 'E'],
  ['early_childhood', 'C', 'E', 'C'],
  ['schools', 'C', 'C', 'C'],
  ['youth_leisure', 'C', 'E', 'C'],
  ['middle_schools', 'X:departement', 'X:departement', 'X:departement'],
  ['high_schools', 'X:region', 'X:region', 'X:region'],
  ['social_action', 'C', 'C', 'C'],
  ['gerontology', 'C', 'C', 'E'],
  ['departmental_solidarity', 'X:departement', 'X:departement', 'X:departement'],
  ['libraries', 'C', 'E', 'C'],
  ['facilities_associations', 'C', 'C', 'C'],
  ['france_services', 'C', 'E', 'C'],
  ['municipal_police', 'C', 'C', 'C'],
  ['national_police', 'X:etat', 'X:etat', 'X:etat'],
  ['civic_admin', 'C', 'C', 'C'],
];
