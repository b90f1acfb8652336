import type { PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { AuthoritiesFiguresPage } from '$lib/server/ops-accountability';
import type { AuthorityKindEnum } from '$lib/server/operations';

// Public accountability figures of every authority of the territory, 20 a page (page budget), no JS.
export const csr = false;

const PAGE_SIZE = 20;
const KINDS = { pole: 'POLE', intercommunalites: 'EPCI', communes: 'COMMUNE' } satisfies Record<string, AuthorityKindEnum>;
type KindKey = keyof typeof KINDS;

export const load: PageServerLoad = async ({ url, locals }) => {
  const type = url.searchParams.get('type') ?? '';
  const selected: KindKey | '' = type in KINDS ? (type as KindKey) : '';
  const page = Math.min(Math.max(Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1, 1), 100);
  const { authoritiesFigures } = await locals
    .api(AuthoritiesFiguresPage, { kind: selected ? KINDS[selected] : null, first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    .catch(apiFailure);
  const pages = Math.max(1, Math.ceil(authoritiesFigures.totalCount / PAGE_SIZE));
  const href = (n: number) => {
    const params = new URLSearchParams();
    if (selected) params.set('type', selected);
    if (n > 1) params.set('page', String(n));
    return params.size ? `/collectivites?${params}` : '/collectivites';
  };
  return {
    rows: authoritiesFigures.items,
    totalCount: authoritiesFigures.totalCount,
    page,
    pages,
    previous: page > 1 ? href(page - 1) : null,
    next: page < pages ? href(page + 1) : null,
    selected,
    kinds: Object.keys(KINDS) as KindKey[],
  };
};
