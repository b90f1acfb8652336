import type { PageServerLoad } from './$types';
import { TrackNeed } from '$lib/server/ops-assisted';

// /suivi?code=B-XXXXXX: anyone with a tracking code (a need's reference, on the receipt) sees its status
// and the last public answer, without an account. A plain GET form; no personal data is shown.
export const load: PageServerLoad = async ({ locals, url }) => {
  const code = (url.searchParams.get('code') ?? '').trim().slice(0, 40);
  if (!code) return { code, need: null, searched: false };
  const { trackNeed } = await locals.api(TrackNeed, { code });
  return { code, need: trackNeed, searched: true };
};
