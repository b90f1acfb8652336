import { HIDDEN_NEED_TITLE, NeedStatus } from '@pit/domain';
import type { NeedView } from '../needs.repository.js';

export const HIDDEN_NEED_DESCRIPTION = 'Ce besoin a été masqué par la modération. Le motif figure dans son historique.';

/**
 * What the public sees of a need hidden by moderation: its reference, status and timeline (where the
 * public reason is), never its text, photos or address (DOMAIN.md §9: "the reason only").
 */
export function publicView<T extends NeedView>(need: T): T {
  if (need.status !== NeedStatus.Hidden) return need;
  return { ...need, title: HIDDEN_NEED_TITLE, description: HIDDEN_NEED_DESCRIPTION, photos: [], addressLabel: null, addressLat: null, addressLon: null };
}
