import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireMediation } from '$lib/server/mediation';
import { getReferenceData } from '$lib/server/reference-data';
import { SubmitAssistedNeed } from '$lib/server/ops-assisted';

// Dépôt accompagné: a mediator (or an agent transcribing a call, a letter or an email) records a need
// for a resident without an account or email, with the mandate. Published at once under a pseudonym.
export const load: PageServerLoad = async ({ locals, url }) => {
  const { places, place } = requireMediation(locals, url);
  const { communes, themes } = await getReferenceData();
  return { communes, themes, places, place };
};

const FIELDS = ['title', 'description', 'categoryKey', 'communeCode', 'channel', 'residentLabel', 'contactKind', 'phone', 'address', 'duration', 'publicationConsent', 'placePhone'] as const;

export const actions: Actions = {
  deposer: async ({ request, locals, url }) => {
    const { place } = requireMediation(locals, url);
    const data = await request.formData();
    const values = Object.fromEntries(FIELDS.map((name) => [name, field(data, name, { max: name === 'description' ? 6000 : 600 })])) as Record<(typeof FIELDS)[number], string>;
    if (!place) return invalid('deposer', values, {}, ['Choisissez le lieu pour lequel vous agissez.']);
    const kind = values.contactKind;
    const input = {
      title: values.title,
      description: values.description,
      categoryKey: values.categoryKey,
      communeCode: values.communeCode,
      channel: values.channel,
      placeAuthorityId: place.id,
      mandate: {
        residentLabel: values.residentLabel,
        contactKind: kind,
        contactValue: kind === 'PHONE' ? values.phone : kind === 'POSTAL' ? values.address : null,
        duration: values.duration,
        publicationConsent: values.publicationConsent === 'oui',
        placePhone: values.placePhone || null,
      },
    };
    let reference: string;
    try {
      reference = (await locals.api(SubmitAssistedNeed, { input })).submitAssistedNeed.need.reference;
    } catch (e) {
      return apiFormFailure(e, {
        form: 'deposer',
        values,
        fields: FIELDS,
        aliases: { contactValue: kind === 'POSTAL' ? 'address' : 'phone', placeAuthorityId: 'channel' },
        returnTo: '/mediation/nouveau',
      });
    }
    redirect(303, `/mediation/recu/${reference}`);
  },
};
