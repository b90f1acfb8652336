import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthorityKind, CompetenceLevel } from '@pit/domain';
import { fillReason, searchKey } from './french.js';
import { TerritoryRepository, type AuthorityRow, type CommuneRow, type ThemeRow } from './territory.repository.js';

export interface Authority {
  id: string;
  kind: AuthorityKind;
  code: string;
  name: string;
  website: string | null;
}
export interface Commune {
  code: string;
  name: string;
  postcodes: string[];
  population: number | null;
  epci: Authority;
  authority: Authority;
  delegatedCommunes: string[];
}
export interface Category {
  key: string;
  label: string;
  m57Code: string | null;
  themeKey: string;
}
export interface Theme {
  key: string;
  label: string;
  categories: Category[];
}
export interface RoutingDecision {
  ruleId: string;
  level: CompetenceLevel;
  authority: Authority;
  reason: string;
}

interface Snapshot {
  loadedAt: number;
  communes: Commune[];
  communeByCode: Map<string, Commune>;
  search: Array<{ commune: Commune; keys: string[] }>;
  themes: Theme[];
  categoryByKey: Map<string, Category>;
  themeByKey: Map<string, Theme>;
  authorityById: Map<string, Authority>;
}

// Reference data changes rarely (official data, admins' labels): every api keeps a copy for a minute.
const SNAPSHOT_TTL_MS = 60_000;

@Injectable()
export class TerritoryService {
  private cache: { at: number; value: Promise<Snapshot> } | null = null;

  constructor(private readonly repository: TerritoryRepository) {}

  async themes(): Promise<Theme[]> {
    return (await this.current()).themes;
  }

  async category(key: string): Promise<Category | null> {
    return (await this.current()).categoryByKey.get(key) ?? null;
  }

  async theme(key: string): Promise<Theme | null> {
    return (await this.current()).themeByKey.get(key) ?? null;
  }

  async commune(code: string): Promise<Commune | null> {
    return (await this.current()).communeByCode.get(code) ?? null;
  }

  async authority(id: string): Promise<Authority | null> {
    return (await this.current()).authorityById.get(id) ?? null;
  }

  /** Authorities of one kind (or all), ordered by kind (Pôle, EPCIs, communes, outside bodies) then name. */
  async authorities(kind: AuthorityKind | null = null): Promise<Authority[]> {
    const order: AuthorityKind[] = ['pole', 'epci', 'commune', 'external'];
    return [...(await this.current()).authorityById.values()]
      .filter((authority) => kind === null || authority.kind === kind)
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name, 'fr'));
  }

  /**
   * Communes by name, commune déléguée or postcode (accents and case ignored); without a search,
   * all communes ordered by EPCI then name.
   */
  async searchCommunes(search: string | null | undefined, first: number): Promise<Commune[]> {
    const { communes, search: index } = await this.current();
    const query = searchKey(search ?? '');
    if (!query) return communes.slice(0, first);
    if (/^\d{1,5}$/.test(query)) {
      return communes.filter((commune) => commune.postcodes.some((postcode) => postcode.startsWith(query))).slice(0, first);
    }
    const scored = index
      .map(({ commune, keys }) => ({ commune, score: Math.min(...keys.map((key, i) => rank(key, query) + (i === 0 ? 0 : 0.5))) }))
      .filter((entry) => entry.score < 3)
      .sort((a, b) => a.score - b.score || a.commune.name.localeCompare(b.commune.name, 'fr'));
    return scored.slice(0, first).map((entry) => entry.commune);
  }

  /** Runs the routing rules for a category in a commune, inside the caller's transaction. */
  async route(manager: EntityManager, categoryKey: string, communeCode: string): Promise<RoutingDecision | null> {
    const match = await this.repository.matchRule(manager, categoryKey, communeCode);
    if (!match) return null;
    return {
      ruleId: match.ruleId,
      level: match.level,
      authority: toAuthority(match.authority),
      reason: fillReason(match.reasonTemplate, match.authority),
    };
  }

  /** Drops the cached reference data (after an admin edit, or in tests). */
  invalidate(): void {
    this.cache = null;
  }

  private current(): Promise<Snapshot> {
    if (!this.cache || Date.now() - this.cache.at > SNAPSHOT_TTL_MS) {
      const value = this.load();
      this.cache = { at: Date.now(), value };
      value.catch(() => {
        if (this.cache?.value === value) this.cache = null;
      });
    }
    return this.cache.value;
  }

  private async load(): Promise<Snapshot> {
    const [authorityRows, communeRows, themeRows] = await Promise.all([
      this.repository.authorities(),
      this.repository.communes(),
      this.repository.themes(),
    ]);
    const authorityById = new Map(authorityRows.map((row) => [row.id, toAuthority(row)]));
    const communes = communeRows
      .map((row) => toCommune(row, authorityById))
      .sort((a, b) => a.epci.name.localeCompare(b.epci.name, 'fr') || a.name.localeCompare(b.name, 'fr'));
    const themes = themeRows.map((row) => toTheme(row));
    const categories = themes.flatMap((theme) => theme.categories);
    const communeByCode = new Map(communes.map((commune) => [commune.code, commune]));
    return {
      loadedAt: Date.now(),
      communes,
      communeByCode,
      search: communeRows.map((row) => ({
        commune: communeByCode.get(row.code)!,
        keys: [row.searchName, ...row.delegated.map((delegated) => delegated.searchName)],
      })),
      themes,
      categoryByKey: new Map(categories.map((category) => [category.key, category])),
      themeByKey: new Map(themes.map((theme) => [theme.key, theme])),
      authorityById,
    };
  }
}

/** 0: same name, 1: starts with the query, 2: a word starts with it; 3: no match. */
function rank(key: string, query: string): number {
  if (key === query) return 0;
  if (key.startsWith(query)) return 1;
  if (key.includes(` ${query}`) || key.includes(query)) return 2;
  return 3;
}

function toAuthority(row: AuthorityRow): Authority {
  return { id: row.id, kind: row.kind, code: row.code, name: row.name, website: row.website };
}

function toCommune(row: CommuneRow, authorities: Map<string, Authority>): Commune {
  return {
    code: row.code,
    name: row.name,
    postcodes: row.postcodes,
    population: row.population,
    epci: authorities.get(row.epciId)!,
    authority: authorities.get(row.authorityId)!,
    delegatedCommunes: row.delegated.map((delegated) => delegated.name),
  };
}

function toTheme(row: ThemeRow): Theme {
  return { key: row.key, label: row.label, categories: row.categories.map((category) => ({ ...category, themeKey: row.key })) };
}
