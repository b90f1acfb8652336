import { describe, expect, it } from 'vitest';
import { communeOptionLabel, groupByEpci, matchAnnouncement, matchCommunes, normalizeText } from './commune-search';

const alm = { name: 'Angers Loire Métropole' };
const cclla = { name: 'CC Loire Layon Aubance' };
const communes = [
  { code: '49007', name: 'Angers', postcodes: ['49000', '49100'], delegatedCommunes: [], epci: alm },
  { code: '49015', name: 'Avrillé', postcodes: ['49240'], delegatedCommunes: [], epci: alm },
  { code: '49377', name: 'Loire-Authion', postcodes: ['49140', '49250', '49800'], delegatedCommunes: ['Andard', 'Bauné', 'Brain-sur-l’Authion'], epci: alm },
  { code: '49246', name: 'Les Ponts-de-Cé', postcodes: ['49130'], delegatedCommunes: [], epci: alm },
  { code: '49267', name: 'Saint-Barthélemy-d’Anjou', postcodes: ['49124'], delegatedCommunes: [], epci: alm },
  { code: '49050', name: 'Brissac Loire Aubance', postcodes: ['49320', '49250'], delegatedCommunes: ['Les Alleuds', 'Vauchrétien'], epci: cclla },
  { code: '49125', name: 'Mûrs-Erigné', postcodes: ['49610'], delegatedCommunes: [], epci: alm },
];
const names = (q: string) => matchCommunes(communes, q).map((c) => c.name);

describe('commune search', () => {
  it('matches the commune name, whatever the case and accents', () => {
    expect(names('avrille')).toEqual(['Avrillé']);
    expect(names('AVRILLÉ')).toEqual(['Avrillé']);
    expect(names('murs erigne')).toEqual(['Mûrs-Erigné']);
  });

  it('matches a piece of the name, hyphens and apostrophes as spaces', () => {
    expect(names('ponts de ce')).toEqual(['Les Ponts-de-Cé']);
    expect(names('barthelemy d anjou')).toEqual(['Saint-Barthélemy-d’Anjou']);
    expect(names("saint barthélemy d'anjou")).toEqual(['Saint-Barthélemy-d’Anjou']);
  });

  it('spells out St and Ste', () => {
    expect(names('st barthelemy')).toEqual(['Saint-Barthélemy-d’Anjou']);
    expect(normalizeText('Ste-Gemmes')).toBe('sainte gemmes');
  });

  it('finds the commune of a commune déléguée', () => {
    expect(names('bauné')).toEqual(['Loire-Authion']);
    expect(names('andard')).toEqual(['Loire-Authion']);
    expect(names('vauchretien')).toEqual(['Brissac Loire Aubance']);
    expect(names('brain sur l authion')).toEqual(['Loire-Authion']);
  });

  it('matches postcodes by prefix and keeps every commune of a shared postcode', () => {
    expect(names('49240')).toEqual(['Avrillé']);
    expect(names('49250')).toEqual(['Loire-Authion', 'Brissac Loire Aubance']);
    expect(names('4910')).toEqual(['Angers']);
    expect(names('49 1')).toEqual(['Angers', 'Loire-Authion', 'Les Ponts-de-Cé', 'Saint-Barthélemy-d’Anjou']);
  });

  it('matches everything when empty and nothing when unknown', () => {
    expect(names('  ')).toHaveLength(communes.length);
    expect(names('Paris')).toEqual([]);
    expect(names('75001')).toEqual([]);
  });

  it('labels options with their postcodes', () => {
    expect(communeOptionLabel(communes[0]!)).toBe('Angers (49000, 49100)');
    expect(communeOptionLabel(communes[1]!)).toBe('Avrillé (49240)');
  });

  it('groups by EPCI in order of appearance', () => {
    const groups = groupByEpci(communes);
    expect(groups.map((g) => [g.epci, g.communes.length])).toEqual([
      ['Angers Loire Métropole', 6],
      ['CC Loire Layon Aubance', 1],
    ]);
  });

  it('announces the number of matches in French', () => {
    expect(matchAnnouncement(0)).toBe('Aucune commune ne correspond');
    expect(matchAnnouncement(1, 'Avrillé')).toBe('1 commune correspond : Avrillé, sélectionnée');
    expect(matchAnnouncement(3)).toBe('3 communes correspondent');
  });
});
