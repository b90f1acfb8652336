import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { AuthorityChoices, ParticipationSettingsPage, SetParticipationSettings, type AuthorityRef } from '$lib/server/operations';

// An authority's support threshold, answer delay and first-answer target, for its agents (and admins, who choose the
// authority). Under (resident) because the (staff) pages are for admins only; the API checks
// `authority.settings` on every call.
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const admin = isAdmin(me);
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!admin && !mine.length) error(403, 'Cette page est réservée aux agents des collectivités.');
  const requested = url.searchParams.get('collectivite')?.slice(0, 100) ?? '';
  const authorityId = requested || mine[0]?.id || '';
  if (!authorityId) {
    const { authorities } = await locals.api(AuthorityChoices).catch(apiFailure);
    return { admin, choices: authorities, authority: null, settings: null };
  }
  const { participationSettings, authorities } = await locals.api(ParticipationSettingsPage, { authorityId, withAuthorities: admin }).catch(apiFailure);
  const choices = admin ? (authorities ?? []) : mine;
  const authority = choices.find((candidate) => candidate.id === authorityId) ?? null;
  return { admin, choices, authority, settings: participationSettings };
};

const INTEGER = /^\d{1,6}$/;

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = {
      authorityId: field(data, 'authorityId', { max: 100 }),
      supportThreshold: field(data, 'supportThreshold', { max: 20 }),
      answerDelayDays: field(data, 'answerDelayDays', { max: 20 }),
      firstAnswerDays: field(data, 'firstAnswerDays', { max: 20 }),
    };
    const errors: Record<string, string> = {};
    if (!INTEGER.test(values.supportThreshold)) errors.supportThreshold = 'Indiquez le seuil en chiffres, par exemple 50.';
    if (!INTEGER.test(values.answerDelayDays)) errors.answerDelayDays = 'Indiquez le délai en nombre de jours, par exemple 60.';
    if (!INTEGER.test(values.firstAnswerDays)) errors.firstAnswerDays = 'Indiquez le délai en nombre de jours, par exemple 30.';
    if (!values.authorityId) return invalid('enregistrer', values, errors, ['Choisissez la collectivité.']);
    if (Object.keys(errors).length) return invalid('enregistrer', values, errors);
    const back = `/collectivite/participation?collectivite=${encodeURIComponent(values.authorityId)}`;
    try {
      await locals.api(SetParticipationSettings, {
        authorityId: values.authorityId,
        input: { supportThreshold: Number(values.supportThreshold), answerDelayDays: Number(values.answerDelayDays), firstAnswerDays: Number(values.firstAnswerDays) },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: ['supportThreshold', 'answerDelayDays', 'firstAnswerDays'], returnTo: back });
    }
    flash(cookies, url, 'seuil-enregistre');
    redirect(303, back);
  },
};
