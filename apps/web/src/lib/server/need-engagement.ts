// Shared by the need page's participation action routes (soutenir, suivre, soutien-organisation):
// find the need, check the visitor is logged in, and answer with 303 back (Post/Redirect/Get).
import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import { loginUrl, safeReturnPath } from '$lib/return-path';
import { apiFailure } from './failures';
import { field } from './forms';
import { NeedEngagementPage, type NeedEngagementData, type NeedStatusEnum } from './operations';

export type EngagementNeed = NeedEngagementData & { title: string; status: NeedStatusEnum };

/** The canonical reference of the route, or a 404. */
export function referenceOf(params: { reference: string }): string {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ».`);
  return reference;
}

/**
 * Where to go after the action: the posted `retour` when it is a path of this site (the "similar
 * needs" step of the submission form posts here from another page), else the need's page.
 */
export function returnPath(data: FormData, reference: string): string {
  return safeReturnPath(field(data, 'retour', { max: 500 }), `/besoins/${reference}`);
}

/** Not logged in: to the login page, coming back to `back` afterwards. */
export function requireVisitor(locals: App.Locals, back: string): void {
  if (!locals.me) redirect(303, loginUrl(back));
}

export async function engagementNeed(locals: App.Locals, reference: string): Promise<EngagementNeed> {
  const { need } = await locals.api(NeedEngagementPage, { reference }).catch(apiFailure);
  if (!need) error(404, `Aucun besoin public ne porte la référence ${reference}.`);
  return need;
}
