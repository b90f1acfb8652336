import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { rememberMyNeed } from '$lib/server/my-needs';
import { uploadPhoto } from '$lib/server/photos';
import { readSessionToken } from '$lib/server/session';
import {
  AddressSearch,
  NeedDraft,
  NeedFormOrganisations,
  SaveNeedDraft,
  SimilarNeeds,
  SubmitNeed,
  type GeocodedAddress,
  type SimilarNeed,
} from '$lib/server/operations';
import { getReferenceData } from '$lib/server/reference-data';
import {
  emptyNeedForm,
  encodeAddress,
  mapApiFieldErrors,
  parseAddress,
  PHOTO_SLOTS,
  readNeedForm,
  toSubmitInput,
  validateNeedForm,
  type NeedFormErrors,
  type NeedFormValues,
} from '$lib/need-form';

// The form hydrates: commune search and focus management after an enhanced submit.
export const csr = true;

export type NeedFormStep = 'write' | 'compare' | 'preview';

/** What every action answers: the step to show and the values it carries (failures too). */
export interface NeedFormState {
  step: NeedFormStep;
  values: NeedFormValues;
  errors: NeedFormErrors;
  /** Messages that belong to no field (shown in the summary). */
  other: string[];
  /** The API could not be reached: nothing was saved, values are kept. */
  unavailable?: boolean;
  similar?: SimilarNeed[];
  addresses?: GeocodedAddress[];
  addressUnavailable?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, url }) => {
  const { communes, themes } = await getReferenceData().catch(apiFailure);
  let draft: NeedFormValues | null = null;
  let organisations: { id: string; name: string; verified: boolean }[] = [];
  if (locals.me) {
    const draftId = url.searchParams.get('brouillon');
    const [orgs, saved] = await Promise.all([
      locals.api(NeedFormOrganisations).catch(apiFailure),
      draftId && UUID.test(draftId) ? locals.api(NeedDraft, { id: draftId }).catch(apiFailure) : Promise.resolve(null),
    ]);
    organisations = orgs.myOrganisations.filter((o) => o.myRole === 'REPRESENTATIVE');
    const d = saved?.needDraft;
    if (d) {
      draft = {
        ...emptyNeedForm(),
        title: d.title,
        description: d.description,
        kind: d.kind || 'need',
        categoryKey: d.categoryKey,
        communeCode: d.communeCode,
        affectedGroups: d.affectedGroups,
        frequency: d.frequency,
        peopleRange: d.peopleRange,
        address: d.address && d.addressCitycode ? encodeAddress({ ...d.address, citycode: d.addressCitycode }) : '',
        organisationId: d.organisationId,
        draftId: d.id,
        photos: d.photos,
      };
    }
  }
  // Without an account the form asks for an email: the need is published from the emailed link.
  return { communes, themes, anonymous: locals.me === null, pseudonym: locals.me?.pseudonym ?? null, organisations, draft };
};

/** Reads the posted values and uploads the newly chosen photos (their tokens join the values). */
async function readWithPhotos(event: RequestEvent): Promise<{ values: NeedFormValues; data: FormData; errors: NeedFormErrors }> {
  const data = await event.request.formData();
  const values = readNeedForm(data);
  if (event.locals.me === null) values.authorEmail = values.authorEmail.slice(0, 300);
  else values.authorEmail = '';
  const errors: NeedFormErrors = {};
  const token = readSessionToken(event.cookies);
  for (const slot of PHOTO_SLOTS) {
    const file = data.get(`photo${slot}File`);
    if (!file || typeof file === 'string' || file.size === 0) continue;
    if (values.photos.length >= 3) {
      errors[`photo${slot}` as 'photo1'] = 'Vous pouvez joindre 3 photos au plus : retirez-en une avant d’en ajouter une autre.';
      continue;
    }
    const result = await uploadPhoto(file, token);
    if (!result) continue;
    if ('error' in result) errors[`photo${slot}` as 'photo1'] = result.error;
    else {
      const alt = (data.get(`photo${slot}NewAlt`) ?? '').toString().trim().slice(0, 300);
      values.photos.push({ token: result.token, alt });
    }
  }
  return { values, data, errors };
}

function state(step: NeedFormStep, values: NeedFormValues, extra: Partial<NeedFormState> = {}): NeedFormState {
  return { step, values, errors: {}, other: [], ...extra };
}

async function similarTo(event: RequestEvent, values: NeedFormValues): Promise<SimilarNeed[]> {
  try {
    const communeCode = parseAddress(values.address)?.citycode ?? (values.communeCode || null);
    return (await event.locals.api(SimilarNeeds, { title: values.title, description: values.description, communeCode })).similarNeeds;
  } catch (e) {
    // Comparing is a help, not a gate: an outage skips it.
    console.error(e);
    return [];
  }
}

export const actions: Actions = {
  /** Write → compare (when similar needs exist) or preview. */
  continuer: async (event) => {
    const { values, errors: photoErrors } = await readWithPhotos(event);
    const errors = { ...validateNeedForm(values, { anonymous: event.locals.me === null }), ...photoErrors };
    if (Object.keys(errors).length) return fail(400, state('write', values, { errors }));
    const similar = await similarTo(event, values);
    return similar.length ? state('compare', values, { similar }) : state('preview', values);
  },

  /** Address search (the geocoder, through the api); the resident then picks one answer or none. */
  adresse: async (event) => {
    const { values, errors } = await readWithPhotos(event);
    values.address = '';
    if (values.addressQuery.length < 3) {
      return fail(400, state('write', values, { errors: { ...errors, address: 'Tapez au moins 3 caractères de l’adresse (numéro, rue, commune).' } }));
    }
    try {
      const { addressSearch } = await event.locals.api(AddressSearch, { q: values.addressQuery });
      const inside = addressSearch.addresses.filter((a) => a.inTerritory);
      if (addressSearch.unavailable) return state('write', values, { errors, addressUnavailable: addressSearch.unavailable, addresses: [] });
      if (!inside.length) {
        return fail(400, state('write', values, { errors: { ...errors, address: 'Aucune adresse trouvée dans les 65 communes du Pôle : précisez la recherche, ou choisissez seulement la commune.' } }));
      }
      return state('write', values, { errors, addresses: inside });
    } catch (e) {
      console.error(e);
      return state('write', values, { errors, addressUnavailable: "La recherche d'adresse ne répond pas pour le moment : choisissez la commune dans la liste (l'adresse est facultative).", addresses: [] });
    }
  },

  /** Compare → preview: none of the similar needs is the same. */
  apercu: async (event) => {
    const { values } = await readWithPhotos(event);
    return state('preview', values);
  },

  /** Back to the write step with every value. */
  modifier: async (event) => {
    const { values, errors } = await readWithPhotos(event);
    return state('write', values, { errors });
  },

  /** Saves a draft (logged-in residents) and goes to "Mes besoins". */
  brouillon: async (event) => {
    const { values, errors } = await readWithPhotos(event);
    if (!event.locals.me) redirect(303, '/connexion?retour=%2Fbesoins%2Fnouveau');
    if (Object.keys(errors).length) return fail(400, state('write', values, { errors }));
    const input = toSubmitInput(values, false);
    try {
      await event.locals.api(SaveNeedDraft, {
        draftId: values.draftId || null,
        input: {
          title: input.title,
          description: input.description,
          kind: values.kind,
          categoryKey: values.categoryKey,
          communeCode: values.communeCode,
          affectedGroups: values.affectedGroups,
          frequency: values.frequency,
          peopleRange: values.peopleRange,
          address: input.address,
          organisationId: values.organisationId || null,
          photos: values.photos,
        },
      });
    } catch (e) {
      if (e instanceof ApiError && e.isBadUserInput) {
        const mapped = mapApiFieldErrors(e.fields);
        return fail(400, state('write', values, { errors: mapped.errors, other: mapped.other.length || Object.keys(mapped.errors).length ? mapped.other : [e.message] }));
      }
      console.error(e);
      return fail(503, state('write', values, { unavailable: true }));
    }
    flash(event.cookies, event.url, 'brouillon-enregistre');
    redirect(303, '/mes-besoins');
  },

  /** Preview → published. Also the one-step path of older clients (every field posted at once). */
  submit: async (event) => {
    const { values, data, errors: photoErrors } = await readWithPhotos(event);
    // Honeypot: only robots fill the hidden "site_web" field. They get the usual answer, nothing is saved.
    const honeypot = data.get('site_web');
    if (typeof honeypot === 'string' && honeypot.trim() !== '') redirect(303, '/besoins/merci');
    const anonymous = event.locals.me === null;
    const errors = { ...validateNeedForm(values, { anonymous }), ...photoErrors };
    if (Object.keys(errors).length) return fail(400, state('write', values, { errors }));

    let submitted: { reference: string; authorViewToken: string | null };
    try {
      ({ submitNeed: submitted } = await event.locals.api(SubmitNeed, { input: toSubmitInput(values, anonymous) }));
    } catch (e) {
      if (e instanceof ApiError && e.isBadUserInput) {
        const mapped = mapApiFieldErrors(e.fields);
        const other = mapped.other.length || Object.keys(mapped.errors).length ? mapped.other : [e.message];
        return fail(400, state('write', values, { errors: mapped.errors, other }));
      }
      // Too many needs without an account from this network: the API's sentence says when to retry.
      if (e instanceof ApiError && e.code === 'TOO_MANY_REQUESTS') return fail(429, state('preview', values, { other: [e.message] }));
      console.error(e);
      return fail(503, state('preview', values, { unavailable: true }));
    }
    // This browser may see the need before its author confirms it.
    if (submitted.authorViewToken) rememberMyNeed(event.cookies, event.url, submitted.reference, submitted.authorViewToken);
    redirect(303, `/besoins/${submitted.reference}`);
  },
};
