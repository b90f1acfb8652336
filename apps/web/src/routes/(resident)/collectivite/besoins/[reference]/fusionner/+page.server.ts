import { error, redirect } from '@sveltejs/kit';
import { NeedStatus, canTransition, normalizeReference } from '@pit/domain';
import { toDomainStatus } from '$lib/status';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { MergeNeed, MergePage } from '$lib/server/ops-merge';

// Merging a need into the one kept (issue 5 item 5), for the agents of its authority and admins:
// the kept need is chosen by its reference (GET ?dans=B-XXXXXX shows its title to confirm), then the
// public reason is posted. The API checks need.triage; its supporters are asked before any support moves.

function referenceOf(params: { reference: string }): string {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ».`);
  return reference;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireResident(locals, url);
  if (!isAdmin(me) && !me.roles.some((grant) => grant.role === 'AGENT')) error(403, 'Cette page est réservée aux agents des collectivités.');
  const reference = referenceOf(params);
  if (reference !== params.reference) redirect(301, `/collectivite/besoins/${reference}/fusionner${url.search}`);
  const typed = url.searchParams.get('dans')?.trim().slice(0, 40) ?? '';
  const into = typed ? normalizeReference(typed) : null;
  const { need, kept } = await locals.api(MergePage, { reference, into: into ?? '' }).catch(apiFailure);
  if (!need) error(404, `Aucun besoin ne porte la référence ${reference}.`);
  let intoError: string | null = null;
  if (typed && !into) intoError = 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.';
  else if (into && !kept) intoError = `Le besoin ${into} n’existe pas.`;
  else if (into === reference) intoError = 'Un besoin ne peut pas être fusionné dans lui-même.';
  // The state machine (@pit/domain) says whether this need may still become doublon (transmis, en étude).
  const status = toDomainStatus(need.status);
  const mergeable = Boolean(status && canTransition(status, NeedStatus.Duplicate));
  return { need, typed, kept: intoError ? null : kept, intoError, mergeable };
};

export const actions: Actions = {
  fusionner: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = { into: field(data, 'into', { max: 40 }), reason: field(data, 'reason', { max: 3000 }) };
    const errors: Record<string, string> = {};
    if (!values.into) errors.into = 'Indiquez la référence du besoin conservé (B-XXXXXX).';
    if (!values.reason) errors.reason = 'Indiquez pourquoi ces besoins sont des doublons : ce motif sera affiché publiquement.';
    if (Object.keys(errors).length) return invalid('fusionner', values, errors);
    const returnTo = `/collectivite/besoins/${reference}/fusionner?dans=${encodeURIComponent(values.into)}`;
    try {
      await locals.api(MergeNeed, { reference, input: values });
    } catch (e) {
      return apiFormFailure(e, { form: 'fusionner', values, fields: ['into', 'reason'], returnTo });
    }
    flash(cookies, url, 'besoin-fusionne');
    redirect(303, `/collectivite/besoins/${reference}`);
  },
};
