import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { PageServerLoad } from './$types';
import { messagesFor } from '$lib/i18n';
import { apiFailure } from '$lib/server/failures';
import { viewTokenFor } from '$lib/server/my-needs';
import { NeedPage } from '$lib/server/operations';

// Hydrates to follow a need that is still being routed.
export const csr = true;

export const load: PageServerLoad = async ({ params, locals, cookies }) => {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ». Vérifiez la référence indiquée sur votre récépissé.`);
  // References typed loosely (b7k3m9q, b-7k3m9q) land on the canonical address.
  if (reference !== params.reference) redirect(301, `/besoins/${reference}`);

  // Its author's browser also sees it while it awaits confirmation (see $lib/server/my-needs).
  const { need } = await locals.api(NeedPage, { reference, viewToken: viewTokenFor(cookies, reference) }).catch(apiFailure);
  if (!need) error(404, `Aucun besoin public ne porte la référence ${reference}.`);
  // Mediators (and admins) record supports collected on paper from the need page's link.
  const mediator = Boolean(locals.me?.roles.some((grant) => grant.role === 'MEDIATOR' || grant.role === 'ADMIN'));
  // The page hydrates: it gets its strings in the visitor's language only (not the whole catalogue).
  return { need, mediator, t: messagesFor(locals.locale).need };
};
