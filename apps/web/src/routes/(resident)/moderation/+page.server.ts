import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash, type NoticeKey } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { AuthorityChoices, type AuthorityRef } from '$lib/server/operations';
import {
  ApproveNeed,
  DismissReports,
  HideComment,
  HideNeed,
  ModerationQueuePage,
  ModerationSettingsOf,
  RejectNeed,
  SetPremoderation,
  UnhideNeed,
  type ModerationItem,
} from '$lib/server/ops-moderation';

// The moderation queue for moderators and admins (held needs, reported needs and comments, masked
// personal data), and for agents their authority's pre-moderation setting and held needs. Server-only
// forms posting to named actions; the API checks every operation again.
export const csr = false;

const HERE = '/moderation';

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const admin = isAdmin(me);
  const moderator = admin || me.roles.some((grant) => grant.role === 'MODERATOR');
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!moderator && !mine.length) error(403, 'Cette page est réservée à l’équipe de modération et aux agents des collectivités.');

  // Pre-moderation settings: the agent's authorities, or the one an admin chooses.
  const choices = admin ? (await locals.api(AuthorityChoices).catch(apiFailure)).authorities.filter((choice) => choice.kind !== 'EXTERNAL') : mine;
  const requested = url.searchParams.get('collectivite')?.slice(0, 100) ?? '';
  const authority = choices.find((choice) => choice.id === requested) ?? (admin ? null : (mine[0] ?? null));
  const settings = authority ? (await locals.api(ModerationSettingsOf, { authorityId: authority.id }).catch(apiFailure)).moderationSettings : null;

  let items: ModerationItem[];
  if (moderator) items = (await locals.api(ModerationQueuePage, {}).catch(apiFailure)).moderationQueue;
  else {
    // An agent: the needs held for each of their authorities.
    const pages = await Promise.all(mine.map((choice) => locals.api(ModerationQueuePage, { authorityId: choice.id }).catch(apiFailure)));
    items = pages.flatMap((page) => page.moderationQueue);
  }
  return { moderator, admin, choices, authority, settings, items };
};

/** Runs one moderation call and comes back to the queue with a notice, or shows the errors on the form. */
async function run(
  cookies: Parameters<typeof flash>[0],
  url: URL,
  form: string,
  values: Record<string, string>,
  fields: readonly string[],
  call: () => Promise<unknown>,
  notice: NoticeKey,
) {
  try {
    await call();
  } catch (e) {
    return apiFormFailure(e, { form, values, fields, returnTo: HERE });
  }
  flash(cookies, url, notice);
  redirect(303, HERE);
}

function referenceOf(data: FormData): string {
  return normalizeReference(field(data, 'reference', { max: 40 })) ?? '';
}

export const actions: Actions = {
  approuver: async ({ request, locals, cookies, url }) => {
    const reference = referenceOf(await request.formData());
    return run(cookies, url, 'approuver', { reference }, [], () => locals.api(ApproveNeed, { reference }), 'besoin-approuve');
  },
  rejeter: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { reference: referenceOf(data), reason: field(data, 'reason', { max: 2100 }) };
    if (!values.reason) return invalid('rejeter', values, { reason: 'Indiquez le motif : il sera affiché à l’auteur du besoin.' });
    return run(cookies, url, 'rejeter', values, ['reason'], () => locals.api(RejectNeed, values), 'besoin-rejete');
  },
  masquer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { reference: referenceOf(data), reason: field(data, 'reason', { max: 2100 }) };
    if (!values.reason) return invalid('masquer', values, { reason: 'Indiquez le motif : il sera affiché publiquement.' });
    return run(cookies, url, 'masquer', values, ['reason'], () => locals.api(HideNeed, values), 'besoin-masque');
  },
  'masquer-commentaire': async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }), reason: field(data, 'reason', { max: 2100 }) };
    if (!values.reason) return invalid('masquer-commentaire', values, { reason: 'Indiquez le motif : il sera affiché à la place du commentaire.' });
    return run(cookies, url, 'masquer-commentaire', values, ['reason'], () => locals.api(HideComment, values), 'commentaire-masque');
  },
  retablir: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const raw = field(data, 'reference', { max: 40 });
    const reference = normalizeReference(raw);
    if (!reference) return invalid('retablir', { reference: raw }, { reference: 'Indiquez une référence de besoin, par exemple B-7K3M9Q.' });
    return run(cookies, url, 'retablir', { reference }, ['reference'], () => locals.api(UnhideNeed, { reference }), 'besoin-retabli');
  },
  classer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { subject: field(data, 'subject', { max: 20 }), id: field(data, 'id', { max: 100 }) };
    const subject = values.subject === 'COMMENT' ? 'COMMENT' : 'NEED';
    return run(cookies, url, 'classer', values, [], () => locals.api(DismissReports, { subject, id: values.id }), 'signalements-classes');
  },
  premoderation: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { authorityId: field(data, 'authorityId', { max: 100 }), enabled: field(data, 'enabled', { max: 10 }) };
    if (!values.authorityId) return invalid('premoderation', values, {}, ['Choisissez la collectivité.']);
    try {
      await locals.api(SetPremoderation, { authorityId: values.authorityId, enabled: values.enabled === 'oui' });
    } catch (e) {
      return apiFormFailure(e, { form: 'premoderation', values, fields: [], returnTo: HERE });
    }
    flash(cookies, url, values.enabled === 'oui' ? 'premoderation-activee' : 'premoderation-desactivee');
    redirect(303, `${HERE}?collectivite=${encodeURIComponent(values.authorityId)}`);
  },
};
