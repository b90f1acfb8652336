import type { PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { OpenDataFiles } from '$lib/server/ops-open-data';

export const csr = false;

// Données ouvertes: the newest file of each format, published every night by the publish-open-data job.
export const load: PageServerLoad = async ({ locals }) => {
  const { openDataFiles } = await locals.api(OpenDataFiles).catch(apiFailure);
  const order = ['csv', 'json', 'geojson'];
  return { files: [...openDataFiles].sort((a, b) => order.indexOf(a.format) - order.indexOf(b.format)) };
};
