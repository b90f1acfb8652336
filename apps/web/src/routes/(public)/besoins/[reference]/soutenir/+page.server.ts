import type { Actions, PageServerLoad } from './$types';
import { toggleRoute } from '$lib/server/need-engagement';
import { SupportNeed, WithdrawSupport } from '$lib/server/operations';

// intent=retirer withdraws; anything else supports ("Je soutiens ce besoin", and "C'est mon besoin
// aussi" of the submission form's similar needs, which posts `retour`: a path of this site).
const route = toggleRoute('soutenir', { done: 'soutien-enregistre', undone: 'soutien-retire' }, 'retirer', (locals, needId, undo) =>
  undo ? locals.api(WithdrawSupport, { needId }) : locals.api(SupportNeed, { needId }),
);

export const load: PageServerLoad = route.load;
export const actions: Actions = route.actions;
