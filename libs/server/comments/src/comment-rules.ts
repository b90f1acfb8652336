/** Limits and vocabulary of comments, shared by the service, the GraphQL layer and tests. */
export const COMMENT_LIMITS = {
  body: { min: 2, max: 2000 },
  detail: { max: 500 },
  /** The author may edit a comment this long after posting it. */
  editMinutes: 15,
  /** Comments a person may post per window (ThrottleService). */
  perWindow: 10,
  windowSeconds: 600,
  pageSize: { default: 10, max: 50 },
} as const;

export const COMMENT_REPORT_REASONS = ['spam', 'abuse', 'personal_data', 'off_topic', 'other'] as const;
export type CommentReportReason = (typeof COMMENT_REPORT_REASONS)[number];

export const COMMENT_REPORT_REASON_LABELS: Record<CommentReportReason, string> = {
  spam: 'Publicité ou spam',
  abuse: 'Propos injurieux, haineux ou menaçants',
  personal_data: 'Données personnelles (nom, adresse, téléphone…)',
  off_topic: 'Sans rapport avec le besoin',
  other: 'Autre raison',
};

export const DELETED_COMMENT_TEXT = 'Commentaire supprimé par son auteur.';
