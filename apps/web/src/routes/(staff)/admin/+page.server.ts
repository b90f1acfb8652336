import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ROLE_LABELS } from '$lib/labels';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { requireAdmin } from '$lib/server/guards';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { AdminPage, AssignRole, RevokeRole, VerifyOrganisation, type AuthorityRef, type RoleEnum } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
  // Page and layout loads run side by side: check here too, before any API call.
  requireAdmin(locals, url);
  const { pendingOrganisations, roleAssignments, authorities } = await locals.api(AdminPage).catch(apiFailure);
  // Authorities an agent or mediator can belong to: the Pôle, the EPCIs and the communes (the API
  // answers them in that order), grouped for the select.
  const groups: Array<{ label: string; kind: string; authorities: AuthorityRef[] }> = [
    { label: 'Pôle métropolitain', kind: 'POLE', authorities: [] },
    { label: 'Intercommunalités', kind: 'EPCI', authorities: [] },
    { label: 'Communes', kind: 'COMMUNE', authorities: [] },
  ];
  for (const authority of authorities) groups.find((group) => group.kind === authority.kind)?.authorities.push(authority);
  return { pending: pendingOrganisations, assignments: roleAssignments, authorityGroups: groups };
};

const isRole = (v: string): v is RoleEnum => Object.hasOwn(ROLE_LABELS, v);
const SCOPED: readonly string[] = ['AGENT', 'MEDIATOR'];

export const actions: Actions = {
  verify: async ({ request, locals, cookies, url }) => {
    const organisationId = field(await request.formData(), 'organisationId', { max: 100 });
    if (!organisationId) return invalid('verify', {}, {}, ["Choisissez l'organisation à vérifier."]);
    try {
      await locals.api(VerifyOrganisation, { organisationId });
    } catch (e) {
      return apiFormFailure(e, { form: 'verify', values: {}, fields: [], returnTo: '/admin' });
    }
    flash(cookies, url, 'organisation-verifiee');
    redirect(303, '/admin');
  },

  assign: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { email: field(data, 'email', { max: 300 }), role: field(data, 'role', { max: 20 }), authorityId: field(data, 'authorityId', { max: 100 }) };
    const errors: Record<string, string> = {};
    if (!values.email) errors.email = "Indiquez l'adresse électronique du compte.";
    if (!isRole(values.role)) errors.role = 'Choisissez un rôle.';
    else if (SCOPED.includes(values.role) && !values.authorityId) errors.authorityId = 'Choisissez la collectivité de cet agent ou médiateur.';
    if (Object.keys(errors).length || !isRole(values.role)) return invalid('assign', values, errors);
    try {
      await locals.api(AssignRole, {
        input: { email: values.email, role: values.role, authorityId: SCOPED.includes(values.role) ? values.authorityId : null },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'assign', values, fields: ['email', 'role', 'authorityId'], returnTo: '/admin' });
    }
    flash(cookies, url, 'role-attribue');
    redirect(303, '/admin');
  },

  revoke: async ({ request, locals, cookies, url }) => {
    const assignmentId = field(await request.formData(), 'assignmentId', { max: 100 });
    if (!assignmentId) return invalid('revoke', {}, {}, ['Choisissez le rôle à retirer.']);
    try {
      await locals.api(RevokeRole, { assignmentId });
    } catch (e) {
      return apiFormFailure(e, { form: 'revoke', values: {}, fields: [], returnTo: '/admin' });
    }
    flash(cookies, url, 'role-retire');
    redirect(303, '/admin');
  },
};
