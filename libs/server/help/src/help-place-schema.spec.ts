import { describe, expect, it } from 'vitest';
import { fromSchemaLieuDeMediationNumerique } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { helpPlaceErrors, toSchemaRow, type HelpPlaceFields } from './help-place-schema.js';
import { openingHoursError, openingHoursInFrench } from './opening-hours.js';
import { EXAMPLE_HELP_PLACES } from './seed/help-places.seed.js';

const place: HelpPlaceFields = {
  name: 'France services Angers (exemple)',
  pivot: '00000000000000',
  street: '12 rue de l’Exemple',
  addressComplement: null,
  postalCode: '49100',
  communeCode: '49007',
  communeName: 'Angers',
  latitude: 47.47,
  longitude: -0.55,
  typologies: ['RFS'],
  services: ['Aide aux démarches administratives'],
  phone: '02 61 91 00 01',
  emails: ['contact@exemple.fr'],
  websites: ['https://exemple.fr'],
  openingHours: 'Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off',
  summary: null,
  accessModes: ['Se présenter'],
  supportModes: ['Accompagnement individuel'],
  fees: ['Gratuit'],
  publics: ['Seniors'],
  appointmentUrl: null,
};

describe('help place schema', () => {
  it('accepts a complete place and maps it onto the La MedNum/ANCT schema row', () => {
    expect(helpPlaceErrors(place)).toEqual([]);
    const row = toSchemaRow('lieu-1', place, new Date('2026-03-02T10:00:00Z'));
    expect(row).toMatchObject({ id: 'lieu-1', nom: 'France services Angers (exemple)', code_insee: '49007', commune: 'Angers', services: 'Aide aux démarches administratives', date_maj: '2026-03-02' });
    expect(fromSchemaLieuDeMediationNumerique(row).adresse).toEqual({ voie: '12 rue de l’Exemple', code_postal: '49100', commune: 'Angers', code_insee: '49007' });
  });

  it('names every faulty field at once', () => {
    const errors = helpPlaceErrors({ ...place, name: '', postalCode: '4910', phone: 'pas un numéro', services: ['Réparer des vélos'], emails: ['pas-un-mail'], websites: ['exemple.fr'], openingHours: 'lundi 9h-12h', latitude: 120 });
    expect(errors.map((error) => error.field).sort()).toEqual(['emails', 'latitude', 'name', 'openingHours', 'phone', 'postalCode', 'services', 'websites']);
    expect(errors.find((error) => error.field === 'openingHours')!.message).toMatch(/^Horaires au format OpenStreetMap/);
  });

  it('refuses a place without any service and an unknown typology', () => {
    expect(helpPlaceErrors({ ...place, services: [], typologies: ['XYZ'] }).map((error) => error.field)).toEqual(['services', 'typologies']);
  });
});

describe('opening hours', () => {
  it('checks the OSM format', () => {
    expect(openingHoursError('Mo-Fr 09:00-12:00')).toBeNull();
    expect(openingHoursError('Mo-Fr 25:00-26:00')).toMatch(/^Horaires au format OpenStreetMap non reconnus/);
  });

  it('says the week in plain French', () => {
    expect(openingHoursInFrench(place.openingHours!)).toEqual([
      'Du lundi au vendredi : de 9 h à 12 h 30 et de 13 h 30 à 17 h.',
      'Samedi : de 9 h à 12 h.',
      'Fermé le dimanche.',
      'Fermé les jours fériés.',
    ]);
    expect(openingHoursInFrench('Tu,Th 13:30-17:30 "sur rendez-vous"')).toEqual([
      'Mardi : de 13 h 30 à 17 h 30.',
      'Jeudi : de 13 h 30 à 17 h 30.',
      'Fermé le lundi, mercredi, vendredi, samedi et dimanche.',
      'Sur rendez-vous.',
    ]);
    expect(openingHoursInFrench('24/7')).toEqual(['Ouvert tous les jours, 24 heures sur 24.']);
  });
});

describe('example help places', () => {
  it('each follows the La MedNum/ANCT schema and has hours in plain French', () => {
    for (const place of EXAMPLE_HELP_PLACES) {
      expect(helpPlaceErrors({ ...place, communeName: 'Commune' }), place.name).toEqual([]);
      expect(openingHoursInFrench(place.openingHours!).length, place.name).toBeGreaterThan(0);
    }
    expect(EXAMPLE_HELP_PLACES.map((place) => place.communeCode)).toEqual(['49007', '49015', '49347', '49050', '49353', '49333']);
  });
});
