import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { currentPath, loginUrl } from '$lib/return-path';
import { AnswerServiceFeedback, ServiceFeedbackPage, type ServiceFeedbackAnswerEnum } from '$lib/server/ops-accountability';

// "Ce service répond-il au besoin ?": the author and supporters of a réalisé need answer (or change
// their answer), from the survey email's link. Server-only, one plain form; the API checks who may answer.
export const csr = false;

const ANSWERS: readonly ServiceFeedbackAnswerEnum[] = ['YES', 'PARTLY', 'NO'];
const COMMENT_MAX = 1000;

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ».`);
  if (reference !== params.reference) redirect(301, `/besoins/${reference}/avis`);
  if (!locals.me) redirect(303, loginUrl(currentPath(url)));
  const { need } = await locals.api(ServiceFeedbackPage, { reference }).catch(apiFailure);
  if (!need) error(404, `Aucun besoin public ne porte la référence ${reference}.`);
  return { need };
};

export const actions: Actions = {
  repondre: async ({ params, request, locals, cookies, url }) => {
    const reference = normalizeReference(params.reference) ?? '';
    const data = await request.formData();
    const values = { answer: field(data, 'answer', { max: 10 }), comment: field(data, 'comment', { max: COMMENT_MAX + 100 }) };
    const errors: Record<string, string> = {};
    if (!ANSWERS.includes(values.answer as ServiceFeedbackAnswerEnum)) errors.answer = 'Choisissez oui, en partie ou non.';
    if ([...values.comment].length > COMMENT_MAX) errors.comment = `Le commentaire compte au plus ${COMMENT_MAX} caractères (il en compte ${[...values.comment].length}).`;
    if (Object.keys(errors).length) return invalid('repondre', values, errors);
    const back = `/besoins/${reference}/avis`;
    try {
      await locals.api(AnswerServiceFeedback, {
        input: { reference, answer: values.answer as ServiceFeedbackAnswerEnum, comment: values.comment || null },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'repondre', values, fields: ['answer', 'comment'], returnTo: back });
    }
    flash(cookies, url, 'avis-enregistre');
    redirect(303, `/besoins/${reference}`);
  },
};
