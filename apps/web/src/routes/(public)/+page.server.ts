import type { PageServerLoad } from './$types';
import { isApiFailure } from '$lib/server/failures';
import { HomeNeeds } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  try {
    const { needs } = await locals.api(HomeNeeds, { first: 10 });
    return { needs: needs.edges.map((edge) => edge.node), unavailable: false };
  } catch (e) {
    // The home page stays useful without the API: the link to the form still works.
    if (!isApiFailure(e)) throw e;
    console.error(e);
    return { needs: [], unavailable: true };
  }
};
