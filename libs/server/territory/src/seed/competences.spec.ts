import { describe, expect, it } from 'vitest';
import { DOMAIN_COMPETENCES } from '../competences.fixture.js';
import { EPCI_SEEDS, THEME_SEEDS, parseCell, reasonTemplate } from './competences.js';

const categories = THEME_SEEDS.flatMap((theme) => theme.categories);

describe('competence matrix seed', () => {
  it('has every category of DOMAIN.md §2, and no other', () => {
    expect(categories.map((category) => category.key).sort()).toEqual(DOMAIN_COMPETENCES.map(([key]) => key).sort());
  });

  it.each(DOMAIN_COMPETENCES)('%s falls to %s in ALM, %s in CCALS, %s in CCLLA', (key, alm, ccals, cclla) => {
    const category = categories.find((candidate) => candidate.key === key)!;
    const levelOf = (cell: ReturnType<typeof parseCell>) => (cell.external ? `X:${cell.external}` : cell.level);
    expect(levelOf(parseCell(category.cells.ALM))).toBe(alm);
    expect(levelOf(parseCell(category.cells.CCALS))).toBe(ccals);
    expect(levelOf(parseCell(category.cells.CCLLA))).toBe(cclla);
  });

  it('uses the 16 themes of the domain, in order', () => {
    expect(THEME_SEEDS.map((theme) => theme.key)).toEqual([
      'mobility',
      'roads_parking',
      'street_lighting',
      'waste',
      'cleanliness',
      'water_sanitation',
      'environment_climate_energy',
      'green_spaces',
      'planning_housing',
      'economy_employment_tourism',
      'childhood_education_youth',
      'social_health_solidarity',
      'culture_sport_leisure',
      'digital_inclusion_public_services',
      'safety_tranquility',
      'civic_life_admin',
    ]);
  });

  it('names the three EPCIs by their SIREN', () => {
    expect(Object.values(EPCI_SEEDS).map((epci) => epci.siren)).toEqual(['244900015', '200068955', '200071553']);
  });

  it('marks the cells to verify', () => {
    expect(parseCell('X:region?')).toEqual({ level: 'X', external: 'region', toVerify: true });
    expect(parseCell('E')).toEqual({ level: 'E', external: null, toVerify: false });
  });

  it('tells residents where to turn when no local authority is competent', () => {
    expect(reasonTemplate('Les collèges relèvent', 'X')).toBe(
      'Les collèges relèvent {de_autorite} : hors compétence locale. Adressez-vous {a_autorite}.',
    );
    expect(reasonTemplate('Le stationnement relève', 'C')).toBe('Le stationnement relève {de_autorite}.');
  });
});
