import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { requireResident } from '$lib/server/guards';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { CreateOrganisation, MyOrganisations, type IdentifierTypeEnum, type OrganisationKindEnum } from '$lib/server/operations';
import { IDENTIFIER_TYPE_LABELS, ORGANISATION_KIND_LABELS } from '$lib/labels';

export const csr = false;

const FIELDS = ['name', 'kind', 'identifierType', 'identifier'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  // Page and layout loads run side by side: check here too, before any API call.
  requireResident(locals, url);
  const { myOrganisations } = await locals.api(MyOrganisations).catch(apiFailure);
  return { organisations: myOrganisations };
};

const isKind = (v: string): v is OrganisationKindEnum => Object.hasOwn(ORGANISATION_KIND_LABELS, v);
const isIdentifierType = (v: string): v is IdentifierTypeEnum => Object.hasOwn(IDENTIFIER_TYPE_LABELS, v);

export const actions: Actions = {
  create: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = {
      name: field(data, 'name', { max: 300 }),
      kind: field(data, 'kind', { max: 20 }),
      identifierType: field(data, 'identifierType', { max: 20 }),
      identifier: field(data, 'identifier', { max: 40 }),
    };
    const errors: Record<string, string> = {};
    if (!values.name) errors.name = "Indiquez le nom de l'organisation.";
    if (!isKind(values.kind)) errors.kind = "Choisissez le type d'organisation.";
    if (!isIdentifierType(values.identifierType)) errors.identifierType = "Choisissez le type d'identifiant.";
    else if (values.identifierType !== 'NONE' && !values.identifier) errors.identifier = `Indiquez le numéro ${values.identifierType}.`;
    if (Object.keys(errors).length || !isKind(values.kind) || !isIdentifierType(values.identifierType)) return invalid('create', values, errors);
    let id: string;
    try {
      ({ createOrganisation: { id } } = await locals.api(CreateOrganisation, {
        input: { name: values.name, kind: values.kind, identifierType: values.identifierType, identifier: values.identifierType === 'NONE' ? null : values.identifier },
      }));
    } catch (e) {
      return apiFormFailure(e, { form: 'create', values, fields: FIELDS, returnTo: '/organisations' });
    }
    flash(cookies, url, 'organisation-creee');
    redirect(303, `/organisations/${encodeURIComponent(id)}`);
  },
};
