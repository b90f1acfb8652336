import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentPath, loginUrl } from '$lib/return-path';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { AcceptOrganisationInvitation } from '$lib/server/operations';

export const csr = false;

// Anyone may open the link; joining needs an account, so visitors are sent to log in (or sign up) first
// and come back here with the same link.
export const load: PageServerLoad = ({ url, locals }) => ({
  jeton: url.searchParams.get('jeton')?.slice(0, 200) ?? '',
  loggedIn: locals.me !== null,
  back: encodeURIComponent(currentPath(url)),
});

export const actions: Actions = {
  confirm: async ({ request, locals, cookies, url }) => {
    const jeton = field(await request.formData(), 'jeton', { max: 200 });
    if (!locals.me) redirect(303, loginUrl(`/organisations/invitation?jeton=${encodeURIComponent(jeton)}`));
    if (!jeton) return invalid('confirm', { jeton }, {}, ['Ce lien est incomplet : copiez-le en entier depuis le courriel.']);
    let id: string;
    try {
      ({ acceptOrganisationInvitation: { id } } = await locals.api(AcceptOrganisationInvitation, { token: jeton }));
    } catch (e) {
      return apiFormFailure(e, { form: 'confirm', values: { jeton }, fields: [], returnTo: `/organisations/invitation?jeton=${encodeURIComponent(jeton)}` });
    }
    flash(cookies, url, 'organisation-rejointe');
    redirect(303, `/organisations/${encodeURIComponent(id)}`);
  },
};
