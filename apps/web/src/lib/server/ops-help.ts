// GraphQL documents of "Où trouver de l'aide" (/aide) and its admin page (/admin/aide). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface HelpPlaceData {
  id: string;
  name: string;
  pivot: string;
  example: boolean;
  typologies: string[];
  services: string[];
  phone: string | null;
  emails: string[];
  websites: string[];
  openingHours: string | null;
  openingHoursText: string[];
  summary: string | null;
  accessModes: string[];
  supportModes: string[];
  fees: string[];
  publics: string[];
  appointmentUrl: string | null;
  address: { street: string; complement: string | null; postalCode: string; communeCode: string; communeName: string };
}

export interface HelpPlaceChoices {
  services: string[];
  typologies: string[];
  accessModes: string[];
  supportModes: string[];
  fees: string[];
  publics: string[];
}

export interface SaveHelpPlaceInput {
  id: string | null;
  name: string;
  pivot: string | null;
  street: string;
  addressComplement: string | null;
  postalCode: string;
  communeCode: string;
  typologies: string[];
  services: string[];
  phone: string | null;
  emails: string[];
  websites: string[];
  openingHours: string | null;
  summary: string | null;
  accessModes: string[];
  supportModes: string[];
  fees: string[];
  publics: string[];
  appointmentUrl: string | null;
}

const PUBLIC_PLACE = 'id name example services phone emails websites openingHoursText summary accessModes supportModes fees publics appointmentUrl address { street complement postalCode communeCode communeName }';
const PLACE = `${PUBLIC_PLACE} pivot typologies openingHours`;

export const HelpPlacesPage = doc<{ helpPlaces: Omit<HelpPlaceData, 'pivot' | 'typologies' | 'openingHours'>[] }, { communeCode: string | null }>(
  `query HelpPlacesPage($communeCode: String) { helpPlaces(communeCode: $communeCode) { ${PUBLIC_PLACE} } }`,
);

export const HelpPlacesAdminPage = doc<{ helpPlaces: HelpPlaceData[]; helpPlaceChoices: HelpPlaceChoices }>(
  `query HelpPlacesAdminPage { helpPlaces { ${PLACE} } helpPlaceChoices { services typologies accessModes supportModes fees publics } }`,
);

export const SaveHelpPlace = doc<{ saveHelpPlace: { id: string } }, { input: SaveHelpPlaceInput }>(
  `mutation SaveHelpPlace($input: SaveHelpPlaceInput!) { saveHelpPlace(input: $input) { id } }`,
);

export const DeleteHelpPlace = doc<{ deleteHelpPlace: boolean }, { id: string }>(`mutation DeleteHelpPlace($id: ID!) { deleteHelpPlace(id: $id) }`);

const SCHEMA_FIELDS =
  'id nom pivot adresse complement_adresse code_postal commune code_insee latitude longitude typologie services telephone courriels site_web horaires presentation_resume modalites_acces modalites_accompagnement frais_a_charge publics_specifiquement_adresses prise_rdv date_maj source';

/** The places in the La MedNum/ANCT schema's own field names (open data). */
export const HelpPlacesOpenData = doc<{ helpPlacesSchemaRows: Record<string, string | number | null>[] }>(
  `query HelpPlacesOpenData { helpPlacesSchemaRows { ${SCHEMA_FIELDS} } }`,
);
