import type { DataSource } from 'typeorm';
import type { HelpPlaceFields } from '../help-place-schema.js';

type SeedPlace = { id: string } & Omit<HelpPlaceFields, 'communeName'>;

const EMPTY: Pick<SeedPlace, 'addressComplement' | 'latitude' | 'longitude' | 'emails' | 'websites' | 'summary' | 'fees' | 'publics' | 'appointmentUrl'> = {
  addressComplement: null,
  latitude: null,
  longitude: null,
  emails: [],
  websites: [],
  summary: null,
  fees: ['Gratuit'],
  publics: [],
  appointmentUrl: null,
};

/**
 * Example places of the territory, so that /aide is not empty on a new platform. They are marked as
 * examples (the page says so): names, streets and phone numbers are illustrations, not verified data.
 * Phone numbers are in the range ARCEP keeps for fiction (02 61 91 xx xx).
 */
export const EXAMPLE_HELP_PLACES: SeedPlace[] = [
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000001',
    name: 'France services Angers',
    pivot: '00000000000000',
    street: '12 place de l’Exemple',
    postalCode: '49100',
    communeCode: '49007',
    typologies: ['RFS'],
    services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
    phone: '02 61 91 00 01',
    openingHours: 'Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off',
    summary: 'Des agents vous aident pour vos démarches : impôts, retraite, santé, famille, emploi.',
    accessModes: ['Se présenter', 'Téléphoner'],
    supportModes: ['Accompagnement individuel'],
  },
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000002',
    name: 'CCAS d’Avrillé : point numérique',
    pivot: '00000000000000',
    street: '3 rue de l’Exemple',
    postalCode: '49240',
    communeCode: '49015',
    typologies: ['CCAS'],
    services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
    phone: '02 61 91 00 02',
    openingHours: 'Tu,Th 09:00-12:00; PH off',
    summary: 'Un conseiller numérique vous aide à utiliser votre téléphone, votre ordinateur et les sites publics.',
    accessModes: ['Téléphoner'],
    supportModes: ['Accompagnement individuel', 'Dans un atelier collectif'],
    publics: ['Seniors'],
  },
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000003',
    name: 'Médiathèque de Tiercé : espace numérique',
    pivot: '00000000000000',
    street: '8 rue de l’Exemple',
    postalCode: '49125',
    communeCode: '49347',
    typologies: ['BIB'],
    services: ['Accès internet et matériel informatique', 'Maîtrise des outils numériques du quotidien'],
    phone: '02 61 91 00 03',
    openingHours: 'We 14:00-18:00; Sa 10:00-12:30',
    summary: 'Des ordinateurs en libre accès et des ateliers pour débuter.',
    accessModes: ['Se présenter'],
    supportModes: ['En autonomie', 'Dans un atelier collectif'],
  },
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000004',
    name: 'France services Loire Layon Aubance',
    pivot: '00000000000000',
    street: '1 place de l’Exemple',
    postalCode: '49320',
    communeCode: '49050',
    typologies: ['RFS'],
    services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
    phone: '02 61 91 00 04',
    openingHours: 'Mo-Fr 09:00-12:00; Tu,Th 14:00-17:00 "sur rendez-vous"; PH off',
    summary: 'Des agents vous aident pour vos démarches, avec ou sans rendez-vous.',
    accessModes: ['Se présenter', 'Téléphoner'],
    supportModes: ['Accompagnement individuel'],
  },
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000005',
    name: 'Espace public numérique de Trélazé',
    pivot: '00000000000000',
    street: '20 avenue de l’Exemple',
    postalCode: '49800',
    communeCode: '49353',
    typologies: ['EPN'],
    services: ['Maîtrise des outils numériques du quotidien', 'Utilisation sécurisée du numérique', 'Loisirs et créations numériques'],
    phone: '02 61 91 00 05',
    openingHours: 'Mo,We 14:00-17:30; Fr 09:30-12:00',
    summary: 'Ateliers en petit groupe : messagerie, sécurité, photos.',
    accessModes: ['Se présenter', 'Téléphoner'],
    supportModes: ['Dans un atelier collectif'],
  },
  {
    ...EMPTY,
    id: '6d1c0a52-0f4e-4c8a-9b1e-000000000006',
    name: 'Permanence du conseiller numérique de Seiches-sur-le-Loir',
    pivot: '00000000000000',
    street: '5 rue de l’Exemple',
    addressComplement: 'Mairie, salle du rez-de-chaussée',
    postalCode: '49140',
    communeCode: '49333',
    typologies: ['MUNI'],
    services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
    phone: '02 61 91 00 06',
    openingHours: 'Mo 09:00-12:00 "sur rendez-vous"',
    summary: 'Une permanence chaque lundi matin, sur rendez-vous.',
    accessModes: ['Téléphoner'],
    supportModes: ['Accompagnement individuel'],
  },
];

/**
 * Idempotent: inserts each example once. An example an admin changed stays as changed (same id), and
 * one an admin deleted (its help_place.delete audit entry) is not put back.
 */
export async function seedHelpPlaces(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const place of EXAMPLE_HELP_PLACES) {
      await manager.query(
        `INSERT INTO help_place (id, name, pivot, street, address_complement, postal_code, commune_code, latitude, longitude, typologies, services, phone,
                                 emails, websites, opening_hours, summary, access_modes, support_modes, fees, publics, appointment_url, example)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, true
          WHERE EXISTS (SELECT 1 FROM commune WHERE code = $7)
            AND NOT EXISTS (SELECT 1 FROM audit_entry WHERE subject_type = 'help_place' AND subject_id = $1::uuid AND action = 'help_place.delete')
         ON CONFLICT (id) DO NOTHING`,
        [
          place.id,
          place.name,
          place.pivot,
          place.street,
          place.addressComplement,
          place.postalCode,
          place.communeCode,
          place.latitude,
          place.longitude,
          place.typologies,
          place.services,
          place.phone,
          place.emails,
          place.websites,
          place.openingHours,
          place.summary,
          place.accessModes,
          place.supportModes,
          place.fees,
          place.publics,
          place.appointmentUrl,
        ],
      );
    }
  });
}
