import { error, redirect } from '@sveltejs/kit';
import { NEED_CHANNEL_LABELS, NEED_STATUS_LABELS, type NeedChannel, type NeedStatus } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { ExportsPage, INBOX_FILTER_PARAMS, RequestInboxExport, inboxFilterFromParams } from '$lib/server/ops-exports';
import type { AuthorityRef } from '$lib/server/operations';

// CSV exports of an authority's inbox, for its agents (and admins): ask for one with the inbox's
// current filters (the inbox links here with its own query string), follow its progress (the page
// refreshes itself without JavaScript while an export is being built), download it for 24 hours.
// Server-only; the API checks `authority.inbox` and `export.read`.
export const csr = false;

const numbers = new Intl.NumberFormat('fr-FR');

/** Why a download link was refused (?lien=…, set by telecharger/+server.ts): keys only travel in the URL. */
const LINK_PROBLEMS = {
  expire: 'Ce lien de téléchargement a expiré : demandez un nouvel export.',
  introuvable: "Ce lien de téléchargement n'est pas valide ou son export n'existe plus : utilisez les liens de la liste ci-dessous.",
  refuse: 'Seule la personne qui a demandé cet export peut le télécharger.',
} as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const admin = isAdmin(me);
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!admin && !mine.length) error(403, 'Cette page est réservée aux agents des collectivités.');
  const page = await locals.api(ExportsPage, { withAuthorities: admin }).catch(apiFailure);
  const choices = admin ? (page.authorities ?? []).map(({ id, name }) => ({ id, name })) : mine.map(({ id, name }) => ({ id, name }));
  const requested = url.searchParams.get('collectivite')?.slice(0, 100) ?? '';
  const authority = choices.find((choice) => choice.id === requested) ?? (admin ? null : choices[0]) ?? null;

  // The inbox's filters, in words, and as the query string the request form carries.
  const { filter, q } = inboxFilterFromParams(url.searchParams);
  const query = new URLSearchParams();
  for (const name of INBOX_FILTER_PARAMS) for (const value of url.searchParams.getAll(name)) if (value) query.append(name, value.slice(0, 200));
  const themes = new Map(page.themes.map((theme) => [theme.key, theme.label]));
  const communes = new Map(page.communes.map((commune) => [commune.code, commune.name]));
  const criteria: string[] = [];
  if (q) criteria.push(`recherche « ${q} »`);
  if (filter.statuses?.length) criteria.push(`statut : ${filter.statuses.map((status) => NEED_STATUS_LABELS[status.toLowerCase() as NeedStatus].fr).join(', ')}`);
  if (filter.themeKey) criteria.push(`thème : ${themes.get(filter.themeKey) ?? filter.themeKey}`);
  if (filter.communeCode) criteria.push(`commune : ${communes.get(filter.communeCode) ?? filter.communeCode}`);
  if (filter.overdue) criteria.push('en retard');
  if (filter.thresholdReached) criteria.push('seuil de soutiens atteint');
  if (filter.assignee) criteria.push(filter.assignee === 'ME' ? 'attribués à moi' : filter.assignee === 'NONE' ? 'attribués à personne' : 'attribués à un collègue');
  if (filter.channel) criteria.push(`canal : ${NEED_CHANNEL_LABELS[filter.channel.toLowerCase() as NeedChannel]}`);

  const autoRefresh = url.searchParams.get('actualiser') !== 'non';
  const exports = page.myInboxExports.map((item) => ({
    ...item,
    progress:
      item.status === 'QUEUED'
        ? 'en attente'
        : item.rowsTotal === null
          ? 'en cours'
          : `${numbers.format(item.rowsDone)} / ${numbers.format(item.rowsTotal)} ligne${item.rowsTotal > 1 ? 's' : ''}`,
    download: item.downloadToken ? `/collectivite/exports/${item.id}/telecharger?jeton=${encodeURIComponent(item.downloadToken)}` : null,
  }));
  const building = exports.some((item) => item.status === 'QUEUED' || item.status === 'RUNNING');
  const stopRefresh = new URLSearchParams(url.searchParams);
  stopRefresh.set('actualiser', 'non');
  const lien = url.searchParams.get('lien') ?? '';
  return {
    linkProblem: Object.hasOwn(LINK_PROBLEMS, lien) ? LINK_PROBLEMS[lien as keyof typeof LINK_PROBLEMS] : null,
    admin,
    choices,
    authority,
    criteria,
    query: query.toString(),
    inboxLink: `/collectivite${authority || query.size ? `?${new URLSearchParams([...(authority ? [['collectivite', authority.id]] : []), ...query])}` : ''}`,
    exports,
    refresh: building && autoRefresh,
    building,
    stopRefresh: `/collectivite/exports?${stopRefresh}`,
  };
};

export const actions: Actions = {
  demander: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { authorityId: field(data, 'authorityId', { max: 100 }), query: field(data, 'query', { max: 2000 }) };
    if (!values.authorityId) return invalid('demander', values, { authorityId: 'Choisissez la collectivité dont exporter les besoins.' });
    const { filter, q } = inboxFilterFromParams(new URLSearchParams(values.query));
    const back = `/collectivite/exports?${new URLSearchParams([['collectivite', values.authorityId], ...new URLSearchParams(values.query)])}`;
    try {
      await locals.api(RequestInboxExport, { authorityId: values.authorityId, filter, q });
    } catch (e) {
      return apiFormFailure(e, { form: 'demander', values, fields: ['authorityId'], returnTo: back });
    }
    flash(cookies, url, 'export-demande');
    redirect(303, back);
  },
};
