/** Why a resident reports a need to moderation: a short list, with an optional detail. */
export const NEED_REPORT_REASONS = ['spam', 'abuse', 'personal_data', 'not_a_need', 'other'] as const;
export type NeedReportReason = (typeof NEED_REPORT_REASONS)[number];

export const NEED_REPORT_REASON_LABELS: Readonly<Record<NeedReportReason, string>> = {
  spam: 'Publicité ou spam',
  abuse: 'Propos injurieux, haineux ou menaçants',
  personal_data: 'Données personnelles (nom, adresse, téléphone…)',
  not_a_need: 'Ce n’est pas un besoin de service public',
  other: 'Autre raison',
};

/** A report's optional detail, in characters. */
export const REPORT_DETAIL_MAX = 500;

/** The author's view of a need held by pre-moderation. */
export const HELD_NEED_NOTICE = 'En attente de modération';
/** The public title and description of a need hidden by moderation (its reason stays public in the history). */
export const HIDDEN_NEED_TITLE = 'Besoin masqué par la modération';
