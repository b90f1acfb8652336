import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EPCI_COMMUNE_COUNTS, EPCI_SEEDS, type EpciKey } from './competences.js';

// Official territory data, read at seed time from @etalab/decoupage-administratif (2026 edition).

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  chefLieu?: string;
  codesPostaux?: string[];
  population?: number;
}
interface RawEpci {
  code: string;
  membres: Array<{ code: string }>;
}

export interface SourceCommune {
  code: string;
  name: string;
  postcodes: string[];
  population: number | null;
  epci: EpciKey;
}
export interface SourceDelegatedCommune {
  code: string;
  name: string;
  communeCode: string;
}
export interface TerritorySource {
  communes: SourceCommune[];
  delegated: SourceDelegatedCommune[];
}

export class TerritorySourceError extends Error {}

function readData<T>(file: string): T {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`@etalab/decoupage-administratif/data/${file}`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function loadTerritorySource(): TerritorySource {
  const rawCommunes = readData<RawCommune[]>('communes.json');
  const rawEpcis = readData<RawEpci[]>('epci.json');
  const communes: SourceCommune[] = [];
  for (const [key, seed] of Object.entries(EPCI_SEEDS) as Array<[EpciKey, (typeof EPCI_SEEDS)[EpciKey]]>) {
    const epci = rawEpcis.find((candidate) => candidate.code === seed.siren);
    if (!epci) throw new TerritorySourceError(`EPCI ${seed.siren} (${seed.name}) is missing from the official data`);
    if (epci.membres.length !== EPCI_COMMUNE_COUNTS[key]) {
      throw new TerritorySourceError(`${seed.name}: expected ${EPCI_COMMUNE_COUNTS[key]} communes, the official data lists ${epci.membres.length}`);
    }
    for (const member of epci.membres) {
      const raw = rawCommunes.find((commune) => commune.code === member.code && commune.type === 'commune-actuelle');
      if (!raw) throw new TerritorySourceError(`Commune ${member.code} of ${seed.name} is missing from the official data`);
      communes.push({ code: raw.code, name: raw.nom, postcodes: raw.codesPostaux ?? [], population: raw.population ?? null, epci: key });
    }
  }
  const codes = new Set(communes.map((commune) => commune.code));
  const delegated = rawCommunes
    .filter((raw) => raw.type === 'commune-deleguee' && raw.chefLieu && codes.has(raw.chefLieu))
    .map((raw) => ({ code: raw.code, name: raw.nom, communeCode: raw.chefLieu! }));
  return { communes, delegated };
}
