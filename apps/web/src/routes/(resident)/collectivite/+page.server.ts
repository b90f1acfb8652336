import { error, fail, redirect } from '@sveltejs/kit';
import { NEED_CHANNELS, NeedStatus } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { apiFormFailure, field } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { inboxFilterFromParams } from '$lib/server/ops-exports';
import { InboxBulkChange, InboxPage, type InboxSortEnum } from '$lib/server/ops-inbox';
import { AuthorityChoices, type AuthorityRef, type NeedStatusEnum } from '$lib/server/operations';

// The inbox of an agent's authority: counts, filters (GET, French parameter names), search, sorts,
// keyset pagination, and a bulk status change of the selected needs (?/groupe, all or none).
// Server-only; the API checks `authority.inbox` on every call.
export const csr = false;

const PAGE_SIZE = 25;

/** Sorts by their URL name. */
const SORTS = { recents: 'NEWEST', anciens: 'OLDEST', soutiens: 'MOST_SUPPORTED', echeance: 'DUE_SOONEST' } as const satisfies Record<string, InboxSortEnum>;
type SortName = keyof typeof SORTS;

/** Statuses an inbox may hold (en attente de confirmation never does). */
const INBOX_STATUSES = Object.values(NeedStatus).filter((status) => status !== NeedStatus.PendingConfirmation);
/** Statuses a bulk change may set: the ones needing no per-need detail (a duplicate needs its kept need). */
const BULK_STATUSES = [
  NeedStatus.UnderStudy,
  NeedStatus.Accepted,
  NeedStatus.Planned,
  NeedStatus.InProgress,
  NeedStatus.Done,
  NeedStatus.Refused,
  NeedStatus.OutOfScope,
] as const;

const FILTER_PARAMS = ['q', 'statut', 'theme', 'commune', 'retard', 'seuil', 'assigne', 'canal', 'tri'] as const;

/** The inbox's URL parameters as the API filter (shared with the CSV export), and the values to show in the form. */
function readFilters(params: URLSearchParams) {
  const { filter, q } = inboxFilterFromParams(params);
  const sort: SortName = Object.hasOwn(SORTS, params.get('tri') ?? '') ? (params.get('tri') as SortName) : 'recents';
  return {
    filter,
    sort,
    q: q ?? '',
    selected: {
      q: q ?? '',
      statuts: (filter.statuses ?? []).map((status) => status.toLowerCase()),
      theme: filter.themeKey ?? '',
      commune: filter.communeCode ?? '',
      retard: filter.overdue ? 'oui' : '',
      seuil: filter.thresholdReached ? 'oui' : '',
      assigne: filter.assignee === 'ME' ? 'moi' : filter.assignee === 'NONE' ? 'personne' : (filter.assignee ?? ''),
      canal: filter.channel?.toLowerCase() ?? '',
      tri: sort,
    },
  };
}

/** The filter parameters worth keeping in links (collectivité first, no cursor). */
function keptParams(params: URLSearchParams, authorityId: string): URLSearchParams {
  const kept = new URLSearchParams();
  if (authorityId) kept.set('collectivite', authorityId);
  for (const name of FILTER_PARAMS) for (const value of params.getAll(name)) if (value) kept.append(name, value.slice(0, 200));
  return kept;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const admin = isAdmin(me);
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!admin && !mine.length) error(403, 'Cette page est réservée aux agents des collectivités.');
  const requested = url.searchParams.get('collectivite')?.slice(0, 100) ?? '';
  const authorityId = requested || mine[0]?.id || '';
  const { filter, sort, q, selected } = readFilters(url.searchParams);
  const after = url.searchParams.get('apres')?.slice(0, 200) || null;
  const updated = /^\d{1,3}$/.test(url.searchParams.get('mis-a-jour') ?? '') ? Number(url.searchParams.get('mis-a-jour')) : null;
  const base = { admin, channels: NEED_CHANNELS, statuses: INBOX_STATUSES, bulkStatuses: BULK_STATUSES, selected, updated };
  if (!authorityId) {
    const { authorities } = await locals.api(AuthorityChoices).catch(apiFailure);
    return { ...base, choices: authorities, authority: null, inbox: null };
  }
  try {
    const data = await locals.api(InboxPage, { authorityId, filter, q: q || null, sort: SORTS[sort], first: PAGE_SIZE, after, withAuthorities: admin });
    const choices = admin ? (data.authorities ?? []) : mine;
    const authority = choices.find((candidate) => candidate.id === authorityId) ?? { id: authorityId, name: 'Collectivité', kind: 'COMMUNE' as const };
    const kept = keptParams(url.searchParams, requested ? authorityId : '');
    const href = (params: URLSearchParams) => (params.size ? `/collectivite?${params}` : '/collectivite');
    let next: string | null = null;
    if (data.authorityInbox.pageInfo.hasNextPage && data.authorityInbox.pageInfo.endCursor) {
      const params = new URLSearchParams(kept);
      params.set('apres', data.authorityInbox.pageInfo.endCursor);
      next = href(params);
    }
    /** A link to the inbox of this authority with only `name=value` as filter. */
    const only = (name: string, value: string) => href(new URLSearchParams([...(requested ? [['collectivite', authorityId]] : []), [name, value]]));
    return {
      ...base,
      choices,
      authority,
      inbox: {
        items: data.authorityInbox.edges.map((edge) => edge.node),
        totalCount: data.authorityInbox.totalCount,
        counts: data.authorityInboxCounts,
        next,
        first: after ? href(kept) : null,
        clear: href(new URLSearchParams(requested ? [['collectivite', authorityId]] : [])),
        /** The CSV export of exactly this selection (the export has no sort). */
        exportHref: `/collectivite/exports?${new URLSearchParams([...keptParams(url.searchParams, authorityId)].filter(([name]) => name !== 'tri'))}`,
        links: {
          status: Object.fromEntries(INBOX_STATUSES.map((status) => [status, only('statut', status)])),
          overdue: only('retard', 'oui'),
          unassigned: only('assigne', 'personne'),
          threshold: only('seuil', 'oui'),
        },
        // Where the bulk form posts: the same filters, so that a refusal shows the same list.
        bulkAction: `?${new URLSearchParams([...kept, ...(after ? [['apres', after]] : [])])}${kept.size || after ? '&' : ''}/groupe`,
        templates: data.answerTemplates,
        // The other agents of the authority, for « attribué à un collègue ».
        colleagues: data.authorityStaff.filter((agent) => agent.id !== me.id).map((agent) => ({ id: agent.id, pseudonym: agent.displayName })),
        themes: data.themes,
        communes: data.communes,
      },
    };
  } catch (e) {
    // A stale or forged cursor: start again from the first page rather than fail.
    if (after && e instanceof ApiError && e.isBadUserInput) {
      const params = new URLSearchParams(url.searchParams);
      params.delete('apres');
      redirect(303, `/collectivite?${params}`);
    }
    return apiFailure(e);
  }
};

const BULK_FIELDS = ['status', 'templateId', 'answer', 'reason', 'outsideBody'] as const;

export const actions: Actions = {
  groupe: async ({ request, locals, url }) => {
    const data = await request.formData();
    const references = [...new Set(data.getAll('references').filter((value): value is string => typeof value === 'string').map((value) => value.trim().slice(0, 40)))].slice(0, 101);
    const values = {
      authorityId: field(data, 'authorityId', { max: 100 }),
      references: references.join(' '),
      status: field(data, 'status', { max: 40 }),
      templateId: field(data, 'templateId', { max: 100 }),
      answer: field(data, 'answer', { max: 6000 }),
      reason: field(data, 'reason', { max: 2000 }),
      outsideBody: field(data, 'outsideBody', { max: 300 }),
    };
    const errors: Record<string, string> = {};
    const other: string[] = [];
    if (!references.length) other.push('Sélectionnez au moins un besoin dans le tableau.');
    if (!(BULK_STATUSES as readonly string[]).includes(values.status)) errors.status = 'Choisissez le nouveau statut.';
    if (values.templateId && values.answer) errors.templateId = 'Choisissez un modèle ou écrivez une réponse, pas les deux.';
    if (Object.keys(errors).length || other.length) return fail(400, { form: 'groupe', values, errors, other });
    const kept = new URLSearchParams([...url.searchParams].filter(([name]) => name === 'collectivite' || (FILTER_PARAMS as readonly string[]).includes(name)));
    const back = `/collectivite${kept.size ? `?${kept}` : ''}`;
    let changed: number;
    try {
      const result = await locals.api(InboxBulkChange, {
        input: {
          references,
          status: values.status.toUpperCase() as NeedStatusEnum,
          templateId: values.templateId || null,
          answer: values.answer || null,
          reason: values.reason || null,
          ...(values.status === NeedStatus.OutOfScope ? { outsideBody: values.outsideBody || null } : {}),
        },
      });
      changed = result.bulkChangeNeedStatus.length;
    } catch (e) {
      const failure = apiFormFailure(e, { form: 'groupe', values, fields: BULK_FIELDS, returnTo: back });
      // The report names each refused need; say plainly that none changed.
      if (failure.data.other.length && failure.status === 400) failure.data.other.unshift('Aucun besoin n’a été modifié : corrigez la sélection puis recommencez.');
      return failure;
    }
    kept.set('mis-a-jour', String(changed));
    redirect(303, `/collectivite?${kept}`);
  },
};
