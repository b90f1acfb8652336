import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { InviteToOrganisation, OrganisationPage, RemoveOrganisationMember, type MemberRoleEnum } from '$lib/server/operations';

export const csr = false;

const NOT_FOUND = "Cette organisation n'existe pas, ou vous n'en êtes pas membre.";
const ID = /^[0-9a-f-]{36}$/i;

export const load: PageServerLoad = async ({ params, locals, url }) => {
  // Page and layout loads run side by side: check here too, before any API call.
  requireResident(locals, url);
  if (!ID.test(params.id)) error(404, NOT_FOUND);
  let page;
  try {
    page = await locals.api(OrganisationPage, { organisationId: params.id });
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'FORBIDDEN' || e.code === 'BAD_USER_INPUT')) error(404, NOT_FOUND);
    return apiFailure(e);
  }
  const organisation = page.myOrganisations.find((o) => o.id === params.id);
  // Admins may read any organisation's members; its name then comes from nowhere but the id.
  if (!organisation && !isAdmin(locals.me)) error(404, NOT_FOUND);
  return {
    organisation: organisation ?? null,
    manager: organisation?.myRole === 'REPRESENTATIVE',
    members: page.organisationMembers,
    myId: locals.me?.id ?? null,
  };
};

const isMemberRole = (v: string): v is MemberRoleEnum => v === 'MEMBER' || v === 'REPRESENTATIVE';

export const actions: Actions = {
  invite: async ({ params, request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { email: field(data, 'email', { max: 300 }), role: field(data, 'role', { max: 20 }) };
    const errors: Record<string, string> = {};
    if (!values.email) errors.email = "Indiquez l'adresse électronique de la personne à inviter.";
    if (!isMemberRole(values.role)) errors.role = 'Choisissez un rôle.';
    if (Object.keys(errors).length || !isMemberRole(values.role)) return invalid('invite', values, errors);
    try {
      await locals.api(InviteToOrganisation, { organisationId: params.id, email: values.email, role: values.role });
    } catch (e) {
      return apiFormFailure(e, { form: 'invite', values, fields: ['email', 'role'], returnTo: `/organisations/${params.id}` });
    }
    flash(cookies, url, 'invitation-envoyee');
    redirect(303, `/organisations/${params.id}`);
  },

  remove: async ({ params, request, locals, cookies, url }) => {
    const personId = field(await request.formData(), 'personId', { max: 100 });
    if (!personId) return invalid('remove', {}, {}, ['Choisissez le membre à retirer.']);
    try {
      await locals.api(RemoveOrganisationMember, { organisationId: params.id, personId });
    } catch (e) {
      return apiFormFailure(e, { form: 'remove', values: {}, fields: [], returnTo: `/organisations/${params.id}` });
    }
    flash(cookies, url, 'membre-retire');
    redirect(303, personId === locals.me?.id ? '/organisations' : `/organisations/${params.id}`);
  },
};
