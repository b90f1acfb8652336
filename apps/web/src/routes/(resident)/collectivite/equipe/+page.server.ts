import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { authorityScope } from '$lib/server/authority-scope';
import { requireResident } from '$lib/server/guards';
import { AuthorityChoices } from '$lib/server/operations';
import { DeactivateStaff, HandOverNeeds, SetStaffAlertMode, STAFF_ALERT_LABELS, TeamPage, type StaffAlertModeEnum } from '$lib/server/ops-team';

// An authority's team: its agents and their assigned needs, the acting agent's alert choice for new
// needs, hand-over of one's needs during an absence, and (admins) removal of a departing agent.
// Under (resident) because the (staff) pages are for admins only; the API checks every call.

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const { admin, mine, authorityId } = authorityScope(me, url);
  if (!authorityId) {
    const { authorities } = await locals.api(AuthorityChoices).catch(apiFailure);
    return { admin, meId: me.id, choices: authorities.filter((choice) => choice.kind !== 'EXTERNAL'), authority: null, staff: [], handovers: [], alertMode: null, modes: [] };
  }
  const page = await locals.api(TeamPage, { authorityId, withAuthorities: admin }).catch(apiFailure);
  const choices = admin ? (page.authorities ?? []).filter((choice) => choice.kind !== 'EXTERNAL') : mine;
  const authority = choices.find((candidate) => candidate.id === authorityId) ?? null;
  return {
    admin,
    meId: me.id,
    choices,
    authority,
    staff: page.authorityStaff,
    handovers: page.authorityHandovers,
    alertMode: page.myStaffAlertSettings.mode,
    modes: Object.entries(STAFF_ALERT_LABELS) as [StaffAlertModeEnum, { label: string; hint: string }][],
  };
};

const pageOf = (authorityId: string) => `/collectivite/equipe${authorityId ? `?collectivite=${encodeURIComponent(authorityId)}` : ''}`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const actions: Actions = {
  alertes: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { mode: field(data, 'mode', { max: 20 }), authorityId: field(data, 'authorityId', { max: 100 }) };
    const mode = (Object.keys(STAFF_ALERT_LABELS) as StaffAlertModeEnum[]).find((candidate) => candidate === values.mode);
    if (!mode) return invalid('alertes', values, { mode: 'Choisissez quand être prévenu.' });
    try {
      await locals.api(SetStaffAlertMode, { mode });
    } catch (e) {
      return apiFormFailure(e, { form: 'alertes', values, fields: ['mode'], returnTo: pageOf(values.authorityId) });
    }
    flash(cookies, url, 'alertes-enregistrees');
    redirect(303, pageOf(values.authorityId));
  },

  confier: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = {
      authorityId: field(data, 'authorityId', { max: 100 }),
      fromPersonId: field(data, 'fromPersonId', { max: 100 }),
      toPersonId: field(data, 'toPersonId', { max: 100 }),
      until: field(data, 'until', { max: 20 }),
    };
    const errors: Record<string, string> = {};
    if (!values.fromPersonId) errors.fromPersonId = 'Choisissez l’agent absent.';
    if (!values.toPersonId) errors.toPersonId = 'Choisissez le collègue qui reprend les besoins.';
    if (values.until && !DAY.test(values.until)) errors.until = 'Indiquez la date de retour au format AAAA-MM-JJ, ou laissez vide.';
    if (!values.authorityId) return invalid('confier', values, errors, ['Choisissez la collectivité.']);
    if (Object.keys(errors).length) return invalid('confier', values, errors);
    try {
      await locals.api(HandOverNeeds, {
        authorityId: values.authorityId,
        input: { fromPersonId: values.fromPersonId, toPersonId: values.toPersonId, until: values.until || null },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'confier', values, fields: ['fromPersonId', 'toPersonId', 'until'], returnTo: pageOf(values.authorityId) });
    }
    flash(cookies, url, 'besoins-confies');
    redirect(303, pageOf(values.authorityId));
  },

  retirer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { authorityId: field(data, 'authorityId', { max: 100 }), personId: field(data, 'personId', { max: 100 }) };
    try {
      await locals.api(DeactivateStaff, { personId: values.personId, authorityId: values.authorityId || null });
    } catch (e) {
      return apiFormFailure(e, { form: 'retirer', values, fields: [], returnTo: pageOf(values.authorityId) });
    }
    flash(cookies, url, 'agent-retire');
    redirect(303, pageOf(values.authorityId));
  },
};
