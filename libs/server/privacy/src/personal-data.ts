// What "Télécharger mes données" puts in the file: one section per column that points at a person
// (every foreign key to person, plus the few person references without one), each read with the
// person's id as $1. Secrets (password and token hashes, identity HMACs, link secrets) and other
// people's personal data (a resident's identity in a mandate, an anonymous author's email) are left
// out. gdpr.integration-spec.ts lists every foreign key to person from the database and fails when one
// is neither here nor in PERSON_DATA_EXCLUSIONS.
import type { EntityManager } from 'typeorm';

export interface PersonDataSection {
  /** Key of the section in the JSON file. */
  section: string;
  /** `table.column` pointing at the person. */
  reference: string;
  /** One statement, $1 = the person's id; each row becomes one JSON object. */
  sql: string;
}

/** All the row's columns except `omit`, as one JSON object per row. */
const rows = (table: string, column: string, omit: string[] = [], order = 'created_at'): string =>
  `SELECT to_jsonb(t) ${omit.length ? `- ARRAY[${omit.map((c) => `'${c}'`).join(', ')}]::text[]` : ''} AS row FROM "${table}" t WHERE t."${column}" = $1 ORDER BY t.${order}`;

/** A need seen from a staff or mediator role: its public identity only (never its author's contact). */
const needRef = (table: string, column: string, alias = 'x'): string =>
  `SELECT jsonb_build_object('needId', n.id, 'reference', n.reference, 'title', n.title, 'status', n.status) || to_jsonb(${alias}) AS row
     FROM "${table}" ${alias} JOIN need n ON n.id = ${alias}.need_id WHERE ${alias}."${column}" = $1 ORDER BY ${alias}.created_at`;

export const PERSON_DATA: PersonDataSection[] = [
  {
    section: 'account',
    reference: 'person.id',
    sql: `SELECT jsonb_build_object('id', id, 'pseudonym', pseudonym, 'email', email, 'emailVerifiedAt', email_verified_at, 'givenName', given_name,
            'familyName', family_name, 'createdAt', created_at, 'lastActiveAt', last_active_at, 'deactivatedAt', deactivated_at) AS row FROM person WHERE id = $1`,
  },
  { section: 'sessions', reference: 'session.person_id', sql: rows('session', 'person_id', ['token_hash', 'id_token']) },
  { section: 'externalIdentities', reference: 'external_identity.person_id', sql: rows('external_identity', 'person_id', ['identity_hash']) },
  { section: 'emailLinks', reference: 'email_token.person_id', sql: rows('email_token', 'person_id', ['token_hash']) },
  { section: 'needsAuthored', reference: 'need.author_id', sql: rows('need', 'author_id', ['author_view_hash']) },
  { section: 'needsAssigned', reference: 'need.assignee_id', sql: `SELECT jsonb_build_object('needId', id, 'reference', reference, 'title', title, 'status', status) AS row FROM need WHERE assignee_id = $1 ORDER BY created_at` },
  { section: 'drafts', reference: 'need_draft.person_id', sql: rows('need_draft', 'person_id') },
  { section: 'photosUploaded', reference: 'need_photo.uploaded_by', sql: rows('need_photo', 'uploaded_by', ['token_hash', 'storage_key']) },
  { section: 'supports', reference: 'need_support.person_id', sql: needRef('need_support', 'person_id') },
  { section: 'paperSupportsRecorded', reference: 'need_paper_support.recorded_by', sql: `SELECT jsonb_build_object('needId', need_id, 'count', count, 'communeCode', commune_code, 'createdAt', created_at) AS row FROM need_paper_support WHERE recorded_by = $1 ORDER BY created_at` },
  { section: 'backingsAsRepresentative', reference: 'need_backing.backed_by', sql: needRef('need_backing', 'backed_by') },
  { section: 'follows', reference: 'need_follow.person_id', sql: needRef('need_follow', 'person_id') },
  { section: 'supportCarryOvers', reference: 'support_carry_over.person_id', sql: rows('support_carry_over', 'person_id') },
  { section: 'comments', reference: 'comment.author_id', sql: rows('comment', 'author_id') },
  { section: 'commentsHidden', reference: 'comment.hidden_by', sql: `SELECT jsonb_build_object('commentId', id, 'needId', need_id, 'hiddenAt', hidden_at, 'hiddenReason', hidden_reason) AS row FROM comment WHERE hidden_by = $1 ORDER BY hidden_at` },
  { section: 'commentReports', reference: 'comment_report.reporter_id', sql: rows('comment_report', 'reporter_id') },
  { section: 'needReports', reference: 'need_report.reporter_id', sql: rows('need_report', 'reporter_id') },
  { section: 'notificationSettings', reference: 'notification_preference.person_id', sql: rows('notification_preference', 'person_id', [], 'person_id') },
  { section: 'notifications', reference: 'notification.person_id', sql: rows('notification', 'person_id') },
  { section: 'digestRuns', reference: 'notification_digest_run.person_id', sql: rows('notification_digest_run', 'person_id', [], 'person_id') },
  { section: 'unsubscribeLinks', reference: 'notification_unsubscribe_token.person_id', sql: rows('notification_unsubscribe_token', 'person_id', ['token_hash']) },
  { section: 'serviceFeedback', reference: 'service_feedback.person_id', sql: rows('service_feedback', 'person_id', [], 'person_id') },
  { section: 'serviceFeedbackRequests', reference: 'service_feedback_request.person_id', sql: rows('service_feedback_request', 'person_id', [], 'person_id') },
  { section: 'organisationMemberships', reference: 'organisation_member.person_id', sql: `SELECT to_jsonb(m) || jsonb_build_object('organisationName', o.name) AS row FROM organisation_member m JOIN organisation o ON o.id = m.organisation_id WHERE m.person_id = $1 ORDER BY o.name` },
  { section: 'staffRoles', reference: 'role_assignment.person_id', sql: rows('role_assignment', 'person_id') },
  { section: 'staffAlertSettings', reference: 'staff_alert_preference.person_id', sql: rows('staff_alert_preference', 'person_id', [], 'person_id') },
  { section: 'staffNeedAlerts', reference: 'staff_need_alert.person_id', sql: rows('staff_need_alert', 'person_id') },
  { section: 'auditEntriesAsActor', reference: 'audit_entry.actor_id', sql: `SELECT jsonb_build_object('id', id, 'action', action, 'subjectType', subject_type, 'subjectId', subject_id, 'authorityId', authority_id, 'createdAt', created_at) AS row FROM audit_entry WHERE actor_id = $1 ORDER BY created_at` },
  { section: 'answerTemplatesCreated', reference: 'answer_template.created_by', sql: rows('answer_template', 'created_by', [], 'updated_at') },
  { section: 'coAssignmentsCreated', reference: 'need_co_assignment.created_by', sql: rows('need_co_assignment', 'created_by') },
  { section: 'internalNotesWritten', reference: 'need_internal_note.author_id', sql: rows('need_internal_note', 'author_id') },
  { section: 'mergesMade', reference: 'need_merge.merged_by', sql: rows('need_merge', 'merged_by', [], 'merged_at') },
  { section: 'participationSettingsChanged', reference: 'authority_participation.updated_by', sql: `SELECT jsonb_build_object('authorityId', authority_id) AS row FROM authority_participation WHERE updated_by = $1` },
  { section: 'moderationSettingsChanged', reference: 'authority_moderation.updated_by', sql: `SELECT jsonb_build_object('authorityId', authority_id) AS row FROM authority_moderation WHERE updated_by = $1` },
  { section: 'moderationFlagsReviewed', reference: 'moderation_flag.reviewed_by', sql: `SELECT jsonb_build_object('subjectType', subject_type, 'subjectId', subject_id, 'reviewedAt', reviewed_at) AS row FROM moderation_flag WHERE reviewed_by = $1 ORDER BY reviewed_at` },
  { section: 'inboxExports', reference: 'inbox_export.requested_by', sql: rows('inbox_export', 'requested_by', ['link_secret', 'claim_id', 'file_key']) },
  { section: 'handoversCreated', reference: 'need_handover.created_by', sql: rows('need_handover', 'created_by') },
  { section: 'handoversFrom', reference: 'need_handover.from_person_id', sql: rows('need_handover', 'from_person_id') },
  { section: 'handoversTo', reference: 'need_handover.to_person_id', sql: rows('need_handover', 'to_person_id') },
  // A mandate holds the resident's identity and contact: theirs, not the mediator's.
  { section: 'mandatesAsMediator', reference: 'need_mandate.mediator_id', sql: rows('need_mandate', 'mediator_id', ['resident_label', 'contact_value', 'pseudonym']) },
  { section: 'mandatesRevoked', reference: 'need_mandate.revoked_by', sql: `SELECT jsonb_build_object('mandateId', id, 'needId', need_id, 'revokedAt', revoked_at, 'endReason', end_reason) AS row FROM need_mandate WHERE revoked_by = $1 ORDER BY revoked_at` },
  { section: 'mandateEvents', reference: 'mandate_event.actor_id', sql: rows('mandate_event', 'actor_id') },
  { section: 'mediationTodosDone', reference: 'mediation_todo.done_by', sql: rows('mediation_todo', 'done_by', [], 'done_at') },
  { section: 'webhooksRegistered', reference: 'webhook.created_by', sql: rows('webhook', 'created_by', ['secret']) },
  { section: 'open311KeysIssued', reference: 'open311_key.created_by', sql: rows('open311_key', 'created_by', ['key_hash']) },
  { section: 'dataExports', reference: 'data_export.person_id', sql: rows('data_export', 'person_id', ['link_secret', 'claim_id', 'file_key']) },
  { section: 'inactivityWarnings', reference: 'inactivity_warning.person_id', sql: rows('inactivity_warning', 'person_id', [], 'sent_at') },
];

/** Person references deliberately left out of the file, with the reason. */
export const PERSON_DATA_EXCLUSIONS: Record<string, string> = {};

/** The emails sent to the person (subject and date; bodies are not kept), keyed by address, not by id. */
const MAIL_SQL = `SELECT jsonb_build_object('subject', d.subject, 'sentAt', d.sent_at) AS row FROM mail_delivery d JOIN person p ON p.email = d.recipient WHERE p.id = $1 ORDER BY d.sent_at`;

/** Every section of the person's data, read in the caller's (read-only, one-snapshot) transaction. */
export async function collectPersonalData(manager: EntityManager, personId: string): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const { section, sql } of PERSON_DATA) {
    const found: Array<{ row: unknown }> = await manager.query(sql, [personId]);
    data[section] = section === 'account' ? (found[0]?.row ?? null) : found.map((r) => r.row);
  }
  data.emailsSent = ((await manager.query(MAIL_SQL, [personId])) as Array<{ row: unknown }>).map((r) => r.row);
  return data;
}
