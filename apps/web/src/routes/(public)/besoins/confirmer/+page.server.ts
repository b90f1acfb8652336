import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { ConfirmNeed } from '$lib/server/operations';

export const csr = false;

// GET never uses the link (mail scanners open links): the button posts it.
export const load: PageServerLoad = ({ url }) => ({ jeton: url.searchParams.get('jeton')?.slice(0, 200) ?? '' });

export const actions: Actions = {
  confirm: async ({ request, locals, cookies, url }) => {
    const jeton = field(await request.formData(), 'jeton', { max: 200 });
    if (!jeton) return invalid('confirm', { jeton }, {}, ['Ce lien est incomplet : copiez-le en entier depuis le courriel.']);
    let reference: string;
    try {
      ({ confirmNeed: { reference } } = await locals.api(ConfirmNeed, { token: jeton }));
    } catch (e) {
      return apiFormFailure(e, { form: 'confirm', values: { jeton }, fields: [], returnTo: '/besoins' });
    }
    flash(cookies, url, 'besoin-confirme');
    redirect(303, `/besoins/${reference}`);
  },
};
