import type { PageServerLoad } from './$types';
import { requireAdmin } from '$lib/server/guards';
import { ChannelStatistics } from '$lib/server/ops-assisted';

// Needs per commune and channel, with the share of assisted needs: where digital fragility lies (admins).
export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  const { channelStatistics } = await locals.api(ChannelStatistics);
  return { rows: channelStatistics };
};
