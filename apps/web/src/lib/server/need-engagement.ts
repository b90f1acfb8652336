// Shared by the need page's participation action routes (soutenir, suivre, soutien-organisation):
// find the need, check the visitor is logged in, and answer with 303 back (Post/Redirect/Get).
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import { loginUrl, safeReturnPath } from '$lib/return-path';
import { apiFailure } from './failures';
import { flash, type NoticeKey } from './flash';
import { apiFormFailure, field } from './forms';
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

/**
 * The load and the action of a two-way button route (soutenir / retirer, suivre / arrêter): the
 * page itself only shows a refused action (without JavaScript); a visit goes to the need.
 */
export function toggleRoute(
  form: 'soutenir' | 'suivre',
  notices: { done: NoticeKey; undone: NoticeKey },
  undoIntent: string,
  call: (locals: App.Locals, needId: string, undo: boolean) => Promise<unknown>,
) {
  const load = ({ params, request }: { params: { reference: string }; request: Request }) => {
    const reference = referenceOf(params);
    if (request.method === 'GET') redirect(303, `/besoins/${reference}`);
    return { reference };
  };
  const action = async ({ request, locals, params, cookies, url }: RequestEvent<{ reference: string }>) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = returnPath(data, reference);
    requireVisitor(locals, back);
    const undo = field(data, 'intent', { max: 20 }) === undoIntent;
    const need = await engagementNeed(locals, reference);
    try {
      await call(locals, need.id, undo);
    } catch (e) {
      return apiFormFailure(e, { form, values: {}, fields: [], returnTo: back });
    }
    flash(cookies, url, undo ? notices.undone : notices.done);
    redirect(303, back);
  };
  return { load, actions: { default: action } };
}
