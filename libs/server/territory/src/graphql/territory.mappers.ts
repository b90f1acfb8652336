import type { Authority, Category, Commune, Theme } from '../territory.service.js';
import { AuthorityType, CategoryType, CommuneType, ThemeType, toAuthorityKindEnum } from './territory.types.js';

export function mapAuthority(authority: Authority): AuthorityType {
  return { id: authority.id, kind: toAuthorityKindEnum(authority.kind), code: authority.code, name: authority.name, website: authority.website };
}

export function mapCommune(commune: Commune): CommuneType {
  return {
    code: commune.code,
    name: commune.name,
    postcodes: commune.postcodes,
    population: commune.population,
    epci: mapAuthority(commune.epci),
    authority: mapAuthority(commune.authority),
    delegatedCommunes: commune.delegatedCommunes,
  };
}

export function mapTheme(theme: Theme): ThemeType {
  const type: ThemeType = { key: theme.key, label: theme.label, categories: [] };
  type.categories = theme.categories.map((category) => mapCategoryOf(category, type));
  return type;
}

export function mapCategory(category: Category, theme: Theme): CategoryType {
  return mapCategoryOf(category, mapTheme(theme));
}

function mapCategoryOf(category: Category, theme: ThemeType): CategoryType {
  return { key: category.key, label: category.label, m57Code: category.m57Code, theme };
}
