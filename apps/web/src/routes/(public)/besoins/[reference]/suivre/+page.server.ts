import type { Actions, PageServerLoad } from './$types';
import { toggleRoute } from '$lib/server/need-engagement';
import { FollowNeed, UnfollowNeed } from '$lib/server/operations';

// intent=arreter stops following; anything else follows.
const route = toggleRoute('suivre', { done: 'suivi-active', undone: 'suivi-arrete' }, 'arreter', (locals, needId, undo) =>
  undo ? locals.api(UnfollowNeed, { needId }) : locals.api(FollowNeed, { needId }),
);

export const load: PageServerLoad = route.load;
export const actions: Actions = route.actions;
