import { NeedStatus } from './need-status.js';

/**
 * The status workflow of a need as staff drive it (DOMAIN.md §9): which status may follow which,
 * who may make each move and what it requires. Framework-free: the api enforces it, the web uses it
 * to render only the buttons that can work.
 *
 * Forward path: transmis → en étude → accepté / planifié → en cours → réalisé (accepté may go
 * straight to en cours; en cours may go back to planifié when the work is postponed).
 * Closing: refusé (reason), doublon (the kept need), hors compétence locale (where to turn), from
 * transmis or en étude, before the authority committed itself.
 * Re-openings, all back to *en étude*: accepté and planifié (the commitment is reconsidered), réalisé
 * (a clear "no, the service does not answer the need"), refusé, doublon (the link was a mistake),
 * hors compétence locale (the authority takes it after all).
 * Moderation: every public status (reçu to retiré) may become masqué, by moderators and admins only.
 *
 * Not for staff: *en attente de confirmation* (its author confirms it), *reçu* → *transmis* and
 * *hors compétence locale* on arrival (routing decides; a transfer is an event, not a status),
 * *retiré* (its author's decision, only hidden by moderation), and *masqué* → anything (restoring
 * needs the status before hiding, which moderation tooling will take from the history).
 */
const TRANSITIONS: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  pending_confirmation: [],
  received: ['hidden'],
  transmitted: ['under_study', 'refused', 'duplicate', 'out_of_scope', 'hidden'],
  under_study: ['accepted', 'planned', 'refused', 'duplicate', 'out_of_scope', 'hidden'],
  accepted: ['planned', 'in_progress', 'under_study', 'hidden'],
  planned: ['in_progress', 'under_study', 'hidden'],
  in_progress: ['done', 'planned', 'hidden'],
  done: ['under_study', 'hidden'],
  refused: ['under_study', 'hidden'],
  duplicate: ['under_study', 'hidden'],
  out_of_scope: ['under_study', 'hidden'],
  hidden: [],
  withdrawn: ['hidden'],
};

/** Who may make a transition: an agent of the need's current authority, a moderator, an admin. */
export type WorkflowActor = 'agent' | 'moderator' | 'admin';

/** The fields a transition to a status requires (besides the optional public answer). */
export type WorkflowField = 'reason' | 'duplicateOf' | 'outsideBody';

const REQUIRED_FIELDS: Readonly<Record<NeedStatus, readonly WorkflowField[]>> = {
  pending_confirmation: [],
  received: [],
  transmitted: [],
  under_study: [],
  accepted: [],
  planned: [],
  in_progress: [],
  done: [],
  refused: ['reason'],
  duplicate: ['duplicateOf'],
  out_of_scope: ['outsideBody'],
  hidden: ['reason'],
  withdrawn: [],
};

/** The public answer text attached to a status change ("réponse officielle"), when given. */
export const OFFICIAL_ANSWER_LIMITS = { min: 10, max: 5000 } as const;
/** A refusal's or a moderation's public reason; the body to turn to when no local authority is competent. */
export const WORKFLOW_TEXT_LIMITS = { reason: { min: 10, max: 2000 }, outsideBody: { min: 3, max: 300 } } as const;

/** The statuses staff may move a need to from `from` (empty when none). */
export function allowedTransitions(from: NeedStatus): readonly NeedStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: NeedStatus, to: NeedStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function requiredFields(to: NeedStatus): readonly WorkflowField[] {
  return REQUIRED_FIELDS[to];
}

/** Who may move a need to `to`: moderation (masqué) is for moderators and admins, the rest for the authority's agents and admins. */
export function transitionActors(to: NeedStatus): readonly WorkflowActor[] {
  return to === NeedStatus.Hidden ? ['moderator', 'admin'] : ['agent', 'admin'];
}
