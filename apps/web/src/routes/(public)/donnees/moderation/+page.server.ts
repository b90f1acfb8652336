import type { PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { ModerationLog } from '$lib/server/ops-open-data';

export const csr = false;

// Journal de la modération: counts per month over the last 12 months, newest first. No text, no person.
export const load: PageServerLoad = async ({ locals }) => {
  const { moderationLog } = await locals.api(ModerationLog, { months: 12 }).catch(apiFailure);
  return { months: moderationLog };
};
