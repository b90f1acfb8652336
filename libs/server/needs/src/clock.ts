/**
 * The accountability clock as SQL, shared by the inbox filter, the reminder jobs and the public
 * figures. A need is overdue while staff still owe it something:
 * - its first answer: none yet (`first_answer_at` null) and `answer_due_at` (routing time + the
 *   authority's first-answer target, default 30 days) has passed;
 * - or, once it crossed the support threshold, its official answer: the need_engagement's
 *   `answer_due_at` has passed and no status change with a public answer came after the threshold was reached.
 * Only needs still open count (transmis … en cours).
 */
export const OPEN_FOR_CLOCK = `('transmitted', 'under_study', 'accepted', 'planned', 'in_progress')`;

/** A boolean SQL expression over the need aliased `alias`: true or false, never null (a need not yet routed has no due date). */
export function overdueSql(alias = 'n'): string {
  return `(${alias}.status IN ${OPEN_FOR_CLOCK} AND (
    (${alias}.first_answer_at IS NULL AND COALESCE(${alias}.answer_due_at < now(), false))
    OR EXISTS (SELECT 1 FROM need_engagement e_clock WHERE e_clock.need_id = ${alias}.id AND e_clock.answer_due_at < now()
               AND NOT EXISTS (SELECT 1 FROM need_status_change c_clock WHERE c_clock.need_id = ${alias}.id AND c_clock.created_at >= e_clock.threshold_reached_at AND c_clock.note IS NOT NULL))))`;
}
