import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { messagesFor } from '$lib/i18n';
import { apiFailure } from '$lib/server/failures';
import { AuthorityFiguresPage } from '$lib/server/ops-accountability';

// One authority's public figures: clock, needs by status, survey answers. No JS.
export const csr = false;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ params, locals }) => {
  const missing = messagesFor(locals.locale).accountability.missing;
  if (!UUID.test(params.id)) error(404, missing);
  const { authorityFigures } = await locals.api(AuthorityFiguresPage, { authorityId: params.id }).catch(apiFailure);
  if (!authorityFigures || authorityFigures.kind === 'EXTERNAL') error(404, missing);
  return { figures: authorityFigures };
};
