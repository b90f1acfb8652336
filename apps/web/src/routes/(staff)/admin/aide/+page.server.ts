import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { DeleteHelpPlace, HelpPlacesAdminPage, SaveHelpPlace } from '$lib/server/ops-help';
import { getReferenceData } from '$lib/server/reference-data';

// Admins list, add, change and delete the places that help with digital procedures (shown on /aide);
// edit with ?modifier=<id>. The API checks each place against the La MedNum/ANCT schema and names the
// field at fault. The (staff) layout admits admins only; the API checks help.manage on every call.

export const load: PageServerLoad = async ({ locals, url }) => {
  const [data, { communes }] = await Promise.all([locals.api(HelpPlacesAdminPage), getReferenceData()]).catch(apiFailure);
  const editing = data.helpPlaces.find((place) => place.id === url.searchParams.get('modifier')) ?? null;
  return { places: data.helpPlaces, choices: data.helpPlaceChoices, communes, editing };
};

/** Text fields of the form (ids = API field names, so an API error lands on its field). */
const TEXTS = ['name', 'pivot', 'street', 'addressComplement', 'postalCode', 'communeCode', 'phone', 'openingHours', 'summary', 'appointmentUrl'] as const;
/** Several values: checkboxes (schema lists), or one per line (emails, websites). */
const LISTS = ['typologies', 'services', 'accessModes', 'supportModes', 'fees', 'publics', 'emails', 'websites'] as const;
const FIELDS = [...TEXTS, ...LISTS];
const back = '/admin/aide';

function list(data: FormData, name: (typeof LISTS)[number]): string[] {
  const values = name === 'emails' || name === 'websites' ? field(data, name, { max: 5000 }).split(/[\n,;]+/) : data.getAll(name).map(String);
  return values.map((value) => value.trim().slice(0, 1000)).filter(Boolean).slice(0, 50);
}

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const text = Object.fromEntries(TEXTS.map((name) => [name, field(data, name, { max: name === 'summary' ? 2000 : 600 })])) as Record<(typeof TEXTS)[number], string>;
    const lists = Object.fromEntries(LISTS.map((name) => [name, list(data, name)])) as Record<(typeof LISTS)[number], string[]>;
    const id = field(data, 'id', { max: 100 });
    // Values to put back in the form: lists one per line.
    const values: Record<string, string> = { id, ...text, ...Object.fromEntries(LISTS.map((name) => [name, lists[name].join('\n')])) };
    const errors: Record<string, string> = {};
    if (!text.name) errors.name = 'Donnez le nom du lieu.';
    if (!text.street) errors.street = 'Indiquez le numéro et la voie.';
    if (!text.communeCode) errors.communeCode = 'Choisissez une commune du territoire.';
    if (!lists.services.length) errors.services = 'Choisissez au moins un service de la liste du schéma.';
    if (Object.keys(errors).length) return invalid('enregistrer', values, errors);
    const optional = (value: string) => value || null;
    try {
      await locals.api(SaveHelpPlace, {
        input: {
          id: id || null,
          name: text.name,
          pivot: optional(text.pivot),
          street: text.street,
          addressComplement: optional(text.addressComplement),
          postalCode: text.postalCode,
          communeCode: text.communeCode,
          phone: optional(text.phone),
          openingHours: optional(text.openingHours),
          summary: optional(text.summary),
          appointmentUrl: optional(text.appointmentUrl),
          ...lists,
        },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: FIELDS, returnTo: back });
    }
    flash(cookies, url, 'lieu-enregistre');
    redirect(303, back);
  },

  supprimer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }) };
    try {
      await locals.api(DeleteHelpPlace, { id: values.id });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values, fields: [], returnTo: back });
    }
    flash(cookies, url, 'lieu-supprime');
    redirect(303, back);
  },
};
