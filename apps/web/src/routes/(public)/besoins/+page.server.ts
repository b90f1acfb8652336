import { redirect } from '@sveltejs/kit';
import { NEED_SORTS, isOneOf } from '@pit/domain';
import type { PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { NeedsPage, type NeedFilter, type NeedSortEnum } from '$lib/server/operations';
import { isFilterableStatus, toApiStatus } from '$lib/status';

export const csr = false;

const PAGE_SIZE = 20;

/** URL parameters of the list (French names), kept by pagination links. */
const KEPT = ['q', 'commune', 'epci', 'theme', 'statut', 'type', 'reponse', 'tri'] as const;

export const load: PageServerLoad = async ({ url, locals }) => {
  const get = (name: string) => url.searchParams.get(name) ?? '';
  const after = get('apres') || null;
  const q = get('q').trim().slice(0, 200);

  const filter: NeedFilter = {};
  if (/^\d[\dAB]\d{3}$/.test(get('commune'))) filter.communeCode = get('commune');
  if (/^\d{9}$/.test(get('epci'))) filter.epciCode = get('epci');
  if (/^[a-z_]{1,64}$/.test(get('theme'))) filter.themeKey = get('theme');
  if (isFilterableStatus(get('statut'))) filter.status = toApiStatus(get('statut') as never);
  if (get('type') === 'besoin') filter.kind = 'NEED';
  if (get('type') === 'idee') filter.kind = 'IDEA';
  if (get('reponse') === 'attendue') filter.awaitingAnswer = true;
  const sortKey = isOneOf(NEED_SORTS, get('tri')) ? get('tri') : 'newest';
  const sort = sortKey.toUpperCase() as NeedSortEnum;

  try {
    const { needs, communes, themes, authorities } = await locals.api(NeedsPage, { filter, sort, q: q || null, first: PAGE_SIZE, after });
    const kept = new URLSearchParams();
    for (const name of KEPT) if (get(name) && !(name === 'tri' && sortKey === 'newest')) kept.set(name, get(name));
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
      epcis: authorities,
      selected: {
        q,
        commune: filter.communeCode ?? '',
        epci: filter.epciCode ?? '',
        theme: filter.themeKey ?? '',
        statut: filter.status ? get('statut') : '',
        type: filter.kind ? get('type') : '',
        reponse: filter.awaitingAnswer ? 'attendue' : '',
        tri: sortKey,
      },
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
