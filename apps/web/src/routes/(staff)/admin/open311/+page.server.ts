import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { IssueOpen311Key, Open311KeysPage, RevokeOpen311Key } from '$lib/server/ops-open311';

// Admins issue Open311 API keys to partners (the clear key is shown once, in the action's answer, never
// stored nor put in a cookie) and revoke them. Server-only page: plain forms posting to named actions.
// The (staff) layout admits admins only; the API checks open311.manage on every call.

export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const { open311Keys } = await locals.api(Open311KeysPage).catch(apiFailure);
  return { keys: open311Keys };
};

export const actions: Actions = {
  emettre: async ({ request, locals }) => {
    const data = await request.formData();
    const values = { partnerName: field(data, 'partnerName', { max: 200 }) };
    if (!values.partnerName) return invalid('emettre', values, { partnerName: 'Indiquez le nom du partenaire.' });
    try {
      const { issueOpen311Key } = await locals.api(IssueOpen311Key, { partnerName: values.partnerName });
      return { form: 'emettre', issued: { partnerName: issueOpen311Key.key.partnerName, secret: issueOpen311Key.secret } };
    } catch (e) {
      return apiFormFailure(e, { form: 'emettre', values, fields: ['partnerName'], returnTo: '/admin/open311' });
    }
  },

  revoquer: async ({ request, locals }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }) };
    try {
      const { revokeOpen311Key } = await locals.api(RevokeOpen311Key, { id: values.id });
      return { form: 'revoquer', revoked: revokeOpen311Key.partnerName };
    } catch (e) {
      return apiFormFailure(e, { form: 'revoquer', values, fields: [], returnTo: '/admin/open311' });
    }
  },
};
