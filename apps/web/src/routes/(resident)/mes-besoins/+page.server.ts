import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { DeleteNeedDraft, MyNeedsPage } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const { myNeedDrafts, myNeeds } = await locals.api(MyNeedsPage, { first: 50 }).catch(apiFailure);
  return { drafts: myNeedDrafts, needs: myNeeds.edges.map((edge) => edge.node), totalCount: myNeeds.totalCount };
};

export const actions: Actions = {
  supprimer: async ({ request, locals, cookies, url }) => {
    const id = field(await request.formData(), 'id', { max: 40 });
    try {
      await locals.api(DeleteNeedDraft, { id });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values: {}, fields: [], returnTo: '/mes-besoins' });
    }
    flash(cookies, url, 'brouillon-supprime');
    redirect(303, '/mes-besoins');
  },
};
