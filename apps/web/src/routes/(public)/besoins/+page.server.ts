import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { NeedsPage, type NeedFilter } from '$lib/server/operations';
import { isFilterableStatus, toApiStatus } from '$lib/status';

export const csr = false;

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ url, locals }) => {
  const commune = url.searchParams.get('commune') ?? '';
  const theme = url.searchParams.get('theme') ?? '';
  const statut = url.searchParams.get('statut') ?? '';
  const after = url.searchParams.get('apres') || null;

  const filter: NeedFilter = {};
  if (/^\d[\dAB]\d{3}$/.test(commune)) filter.communeCode = commune;
  if (/^[a-z_]{1,64}$/.test(theme)) filter.themeKey = theme;
  if (isFilterableStatus(statut)) filter.status = toApiStatus(statut);

  try {
    const { needs, communes, themes } = await locals.api(NeedsPage, { filter, first: PAGE_SIZE, after });
    // Pagination links keep the filters.
    const kept = new URLSearchParams();
    if (filter.communeCode) kept.set('commune', commune);
    if (filter.themeKey) kept.set('theme', theme);
    if (filter.status) kept.set('statut', statut);
    const href = (params: URLSearchParams) => (params.size ? `/besoins?${params}` : '/besoins');
    let next: string | null = null;
    if (needs.pageInfo.hasNextPage && needs.pageInfo.endCursor) {
      const params = new URLSearchParams(kept);
      params.set('apres', needs.pageInfo.endCursor);
      next = href(params);
    }
    const first = after ? href(kept) : null;
    return {
      needs: needs.edges.map((edge) => edge.node),
      totalCount: needs.totalCount,
      next,
      first,
      communes,
      themes,
      selected: { commune: filter.communeCode ?? '', theme: filter.themeKey ?? '', statut: filter.status ? statut : '' },
    };
  } catch (e) {
    // A stale or forged cursor: start again from the first page rather than fail.
    if (after && e instanceof ApiError && e.isBadUserInput) {
      const params = new URLSearchParams(url.searchParams);
      params.delete('apres');
      redirect(303, `/besoins${params.size ? `?${params}` : ''}`);
    }
    return apiFailure(e);
  }
};
