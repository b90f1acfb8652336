import { error, redirect } from '@sveltejs/kit';
import { normalizeReference, WITHDRAWAL_REASON_MAX } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { EditableNeedPage, WithdrawNeed } from '$lib/server/operations';

export const csr = false;

async function withdrawable(locals: App.Locals, url: URL, raw: string) {
  requireResident(locals, url);
  const reference = normalizeReference(raw);
  if (!reference) error(404, 'Ce besoin n’existe pas.');
  const { need } = await locals.api(EditableNeedPage, { reference }).catch(apiFailure);
  if (!need) error(404, 'Ce besoin n’existe pas.');
  if (!need.canEdit) error(403, 'Seul son auteur peut retirer ce besoin, tant que la collectivité ne l’étudie pas.');
  return need;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const need = await withdrawable(locals, url, params.reference);
  return { need: { reference: need.reference, title: need.title } };
};

export const actions: Actions = {
  default: async ({ request, locals, url, params, cookies }) => {
    const need = await withdrawable(locals, url, params.reference);
    const data = await request.formData();
    const reason = field(data, 'reason', { max: WITHDRAWAL_REASON_MAX + 100 });
    try {
      await locals.api(WithdrawNeed, { reference: need.reference, reason: reason || null });
    } catch (e) {
      return apiFormFailure(e, { form: 'retirer', values: { reason }, fields: ['reason'], returnTo: `/besoins/${need.reference}/retirer` });
    }
    flash(cookies, url, 'besoin-retire');
    redirect(303, `/besoins/${need.reference}`);
  },
};
