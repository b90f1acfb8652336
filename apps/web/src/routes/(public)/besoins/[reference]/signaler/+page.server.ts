import { error, redirect } from '@sveltejs/kit';
import { NEED_REPORT_REASON_LABELS, NEED_REPORT_REASONS, REPORT_DETAIL_MAX, normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { ReportNeed, ReportableNeed, type NeedReportReasonEnum } from '$lib/server/ops-moderation';

// Reporting a need to moderation: a plain form (no JavaScript), for logged-in people.
export const csr = false;

const REASONS = NEED_REPORT_REASONS.map((value) => ({ value: value.toUpperCase() as NeedReportReasonEnum, label: NEED_REPORT_REASON_LABELS[value] }));

async function reportable(locals: App.Locals, url: URL, raw: string) {
  requireResident(locals, url);
  const reference = normalizeReference(raw);
  if (!reference) error(404, 'Ce besoin n’existe pas.');
  const { need } = await locals.api(ReportableNeed, { reference }).catch(apiFailure);
  if (!need || need.status === 'PENDING_CONFIRMATION') error(404, 'Ce besoin n’existe pas.');
  return need;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const need = await reportable(locals, url, params.reference);
  return { need, reasons: REASONS, detailMax: REPORT_DETAIL_MAX };
};

export const actions: Actions = {
  default: async ({ request, locals, url, params, cookies }) => {
    const need = await reportable(locals, url, params.reference);
    const data = await request.formData();
    const values = { reason: field(data, 'reason', { max: 40 }), detail: field(data, 'detail', { max: REPORT_DETAIL_MAX + 100 }) };
    const reason = REASONS.find((candidate) => candidate.value === values.reason)?.value;
    if (!reason) return invalid('signaler', values, { reason: 'Choisissez une raison dans la liste.' });
    try {
      await locals.api(ReportNeed, { reference: need.reference, input: { reason, detail: values.detail || null } });
    } catch (e) {
      return apiFormFailure(e, { form: 'signaler', values, fields: ['reason', 'detail'], returnTo: `/besoins/${need.reference}/signaler` });
    }
    flash(cookies, url, 'besoin-signale');
    redirect(303, `/besoins/${need.reference}`);
  },
};
