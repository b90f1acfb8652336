// Lifecycle of a need (DOMAIN.md §9): one vocabulary for api, web and tests.
export const NeedStatus = {
  PendingConfirmation: 'pending_confirmation',
  Received: 'received',
  Transmitted: 'transmitted',
  UnderStudy: 'under_study',
  Accepted: 'accepted',
  Planned: 'planned',
  InProgress: 'in_progress',
  Done: 'done',
  Refused: 'refused',
  Duplicate: 'duplicate',
  OutOfScope: 'out_of_scope',
  Hidden: 'hidden',
  Withdrawn: 'withdrawn',
} as const;
export type NeedStatus = (typeof NeedStatus)[keyof typeof NeedStatus];

export const NEED_STATUSES: readonly NeedStatus[] = Object.values(NeedStatus);

export const NEED_STATUS_LABELS: Record<NeedStatus, { fr: string; en: string }> = {
  pending_confirmation: { fr: 'en attente de confirmation', en: 'awaiting confirmation' },
  received: { fr: 'reçu', en: 'received' },
  transmitted: { fr: 'transmis', en: 'forwarded' },
  under_study: { fr: 'en étude', en: 'under study' },
  accepted: { fr: 'accepté', en: 'accepted' },
  planned: { fr: 'planifié', en: 'planned' },
  in_progress: { fr: 'en cours', en: 'in progress' },
  done: { fr: 'réalisé', en: 'done' },
  refused: { fr: 'refusé', en: 'refused' },
  duplicate: { fr: 'doublon', en: 'duplicate' },
  out_of_scope: { fr: 'hors compétence locale', en: 'outside local competence' },
  hidden: { fr: 'masqué', en: 'hidden' },
  withdrawn: { fr: 'retiré par son auteur', en: 'withdrawn by its author' },
};

/** Statuses whose need is visible to the public (the author always sees their own). */
export function isPublicStatus(status: NeedStatus): boolean {
  return status !== NeedStatus.PendingConfirmation;
}

export function isNeedStatus(value: string): value is NeedStatus {
  return (NEED_STATUSES as readonly string[]).includes(value);
}
