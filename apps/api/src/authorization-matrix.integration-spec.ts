import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildSchema, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { RolesService, SessionsService } from '@pit/accounts';
import { DESCRIPTION, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Who may run each GraphQL operation, written out by hand (never derived from the policy code).
// A = allowed (no FORBIDDEN / UNAUTHENTICATED answer), D = denied. Columns:
//   anon  resident  repr(esentative of organisation O)  agentA(vrillé)  agentT(iercé)  mediator  moderator  admin
type Cell = 'A' | 'D';
const ROLES = ['anon', 'resident', 'repr', 'agentA', 'agentT', 'mediator', 'moderator', 'admin'] as const;
type Role = (typeof ROLES)[number];
const row = (cells: string): Record<Role, Cell> => {
  const values = cells.trim().split(/\s+/) as Cell[];
  if (values.length !== ROLES.length) throw new Error(`matrix row "${cells}" must have ${ROLES.length} cells`);
  return Object.fromEntries(ROLES.map((role, i) => [role, values[i]])) as Record<Role, Cell>;
};

const MATRIX: Record<string, Record<Role, Cell>> = {
  //                                    anon resident repr agentA agentT mediator moderator admin
  'Query.authorities':             row('A    A        A    A      A      A        A         A'),
  'Query.communes':                row('A    A        A    A      A      A        A         A'),
  'Query.themes':                  row('A    A        A    A      A      A        A         A'),
  'Query.need':                    row('A    A        A    A      A      A        A         A'),
  'Query.needs':                   row('A    A        A    A      A      A        A         A'),
  'Query.me':                      row('A    A        A    A      A      A        A         A'),
  'Query.mySessions':              row('D    A        A    A      A      A        A         A'),
  'Query.myOrganisations':         row('D    A        A    A      A      A        A         A'),
  'Query.organisationMembers':     row('D    D        A    D      D      D        D         A'),
  'Query.pendingOrganisations':    row('D    D        D    D      D      D        D         A'),
  'Query.roleAssignments':         row('D    D        D    D      D      D        D         A'),
  'Query.authorityInbox':          row('D    D        D    A      D      D        D         A'),
  'Query.authorityInboxCounts':    row('D    D        D    A      D      D        D         A'),
  'Mutation.submitNeed':           row('A    A        A    A      A      A        A         A'),
  'Mutation.confirmNeed':          row('A    A        A    A      A      A        A         A'),
  'Query.myNeeds':                 row('D    A        A    A      A      A        A         A'),
  'Query.similarNeeds':            row('A    A        A    A      A      A        A         A'),
  'Query.addressSearch':           row('A    A        A    A      A      A        A         A'),
  'Query.myNeedDrafts':            row('D    A        A    A      A      A        A         A'),
  'Query.needDraft':               row('D    A        A    A      A      A        A         A'),
  // Only the need's author (not a column here) may edit or withdraw it.
  'Mutation.updateNeed':           row('D    D        D    D      D      D        D         D'),
  'Mutation.withdrawNeed':         row('D    D        D    D      D      D        D         D'),
  'Mutation.saveNeedDraft':        row('D    A        A    A      A      A        A         A'),
  'Mutation.deleteNeedDraft':      row('D    A        A    A      A      A        A         A'),
  'Mutation.signUp':               row('A    A        A    A      A      A        A         A'),
  'Mutation.logIn':                row('A    A        A    A      A      A        A         A'),
  'Mutation.verifyEmail':          row('A    A        A    A      A      A        A         A'),
  'Mutation.requestPasswordReset': row('A    A        A    A      A      A        A         A'),
  'Mutation.resetPassword':        row('A    A        A    A      A      A        A         A'),
  'Mutation.confirmEmailChange':   row('A    A        A    A      A      A        A         A'),
  'Mutation.logOut':               row('D    A        A    A      A      A        A         A'),
  'Mutation.logOutEverywhere':     row('D    A        A    A      A      A        A         A'),
  'Mutation.revokeSession':        row('D    A        A    A      A      A        A         A'),
  'Mutation.changePassword':       row('D    A        A    A      A      A        A         A'),
  'Mutation.requestEmailChange':   row('D    A        A    A      A      A        A         A'),
  'Mutation.updateProfile':        row('D    A        A    A      A      A        A         A'),
  'Mutation.createOrganisation':   row('D    A        A    A      A      A        A         A'),
  'Mutation.acceptOrganisationInvitation': row('D A   A    A      A      A        A         A'),
  'Mutation.inviteToOrganisation': row('D    D        A    D      D      D        D         D'),
  'Mutation.removeOrganisationMember': row('D D       A    D      D      D        D         D'),
  'Mutation.oidcStart':            row('A    A        A    A      A      A        A         A'),
  'Mutation.oidcComplete':         row('A    A        A    A      A      A        A         A'),
  'Mutation.oidcLink':             row('D    A        A    A      A      A        A         A'),
  'Mutation.verifyOrganisation':   row('D    D        D    D      D      D        D         A'),
  'Mutation.assignRole':           row('D    D        D    D      D      D        D         A'),
  'Mutation.revokeRole':           row('D    D        D    D      D      D        D         A'),
  'Query.participationSettings':   row('D    D        D    A      D      D        D         A'),
  'Mutation.setParticipationSettings': row('D D     D    A      D      D        D         A'),
  'Mutation.supportNeed':          row('D    A        A    A      A      A        A         A'),
  'Mutation.withdrawSupport':      row('D    A        A    A      A      A        A         A'),
  'Mutation.followNeed':           row('D    A        A    A      A      A        A         A'),
  'Mutation.unfollowNeed':         row('D    A        A    A      A      A        A         A'),
  'Mutation.recordPaperSupport':   row('D    D        D    D      D      A        D         A'),
  'Mutation.backNeed':             row('D    D        A    D      D      D        D         D'),
  'Mutation.withdrawBacking':      row('D    D        A    D      D      D        D         D'),
  'Query.commentReports':          row('D    D        D    D      D      D        A         A'),
  'Query.myNotificationSettings':  row('D    A        A    A      A      A        A         A'),
  'Mutation.postComment':          row('D    A        A    A      A      A        A         A'),
  // Only a comment's author (the resident here) edits or deletes it.
  'Mutation.editComment':          row('D    A        D    D      D      D        D         D'),
  'Mutation.deleteComment':        row('D    A        D    D      D      D        D         D'),
  'Mutation.reportComment':        row('D    A        A    A      A      A        A         A'),
  'Mutation.setNotificationMode':  row('D    A        A    A      A      A        A         A'),
  'Mutation.unsubscribeNotifications': row('A A      A    A      A      A        A         A'),
  // On a need transmis to Avrillé: its agents and admins (masqué alone is for moderators and admins).
  'Mutation.changeNeedStatus':     row('D    D        D    A      D      D        D         A'),
  // Avrillé's answer templates and a bulk status change of a need transmis to Avrillé: its agents and admins.
  'Query.answerTemplates':         row('D    D        D    A      D      D        D         A'),
  'Mutation.saveAnswerTemplate':   row('D    D        D    A      D      D        D         A'),
  'Mutation.deleteAnswerTemplate': row('D    D        D    A      D      D        D         A'),
  'Mutation.bulkChangeNeedStatus': row('D    D        D    A      D      D        D         A'),
  // Routing corrections of a need transmis to Avrillé: its agents and admins.
  'Mutation.requalifyNeed':        row('D    D        D    A      D      D        D         A'),
  'Mutation.transferNeed':         row('D    D        D    A      D      D        D         A'),
  // Moderation (issue 5 item 7): the queue and dismissals for moderators and admins; Avrillé's settings for its agents and admins;
  // approving or rejecting a need of Avrillé (not held: BAD_USER_INPUT) for its agents, moderators and admins; un-hiding for moderators and admins.
  'Query.moderationQueue':         row('D    D        D    D      D      D        A         A'),
  'Query.moderationSettings':      row('D    D        D    A      D      D        D         A'),
  'Mutation.setPremoderation':     row('D    D        D    A      D      D        D         A'),
  'Mutation.approveNeed':          row('D    D        D    A      D      D        A         A'),
  'Mutation.rejectNeed':           row('D    D        D    A      D      D        A         A'),
  'Mutation.unhideNeed':           row('D    D        D    D      D      D        A         A'),
  'Mutation.dismissReports':       row('D    D        D    D      D      D        A         A'),
  'Mutation.reportNeed':           row('D    A        A    A      A      A        A         A'),
  'Mutation.hideComment':          row('D    D        D    D      D      D        A         A'),
  // Accountability (issue 5 item 6): public figures; the survey answer is for the need's author and supporters only (not columns here).
  'Query.authorityFigures':        row('A    A        A    A      A      A        A         A'),
  'Query.authoritiesFigures':      row('A    A        A    A      A      A        A         A'),
  'Mutation.answerServiceFeedback': row('D D      D    D      D      D        D         D'),
  // Merging a need transmis to Avrillé: its agents and admins. A carry-over request is answered by its supporter only (the resident's here).
  'Mutation.mergeNeed':            row('D    D        D    A      D      D        D         A'),
  'Mutation.respondToSupportCarryOver': row('D A  D    D      D      D        D         D'),
  'Query.mySupportCarryOvers':     row('D    A        A    A      A      A        A         A'),
  // Triage page of a need transmis to Avrillé, assignment and internal notes: its agents and admins.
  'Query.triageNeed':              row('D    D        D    A      D      D        D         A'),
  'Mutation.assignNeed':           row('D    D        D    A      D      D        D         A'),
  'Mutation.addInternalNote':      row('D    D        D    A      D      D        D         A'),
  // Team life and co-assignment on Avrillé (issue 5 items 3 and 10): its agents and admins; another's needs and deactivation: admins.
  // Public dashboard (issue 7 item 1): figures over public needs, no login.
  'Query.dashboard':               row('A    A        A    A      A      A        A         A'),
  'Query.authorityStaff':          row('D    D        D    A      D      D        D         A'),
  'Query.authorityHandovers':      row('D    D        D    A      D      D        D         A'),
  'Query.myStaffAlertSettings':    row('D    D        D    A      A      D        D         A'),
  'Mutation.setStaffAlertMode':    row('D    D        D    A      A      D        D         A'),
  // Avrillé's agent hands over their own needs; someone else's (agentT's call names agentA) are an admin's call.
  'Mutation.handOverNeeds':        row('D    D        D    A      D      D        D         A'),
  'Mutation.deactivateStaff':      row('D    D        D    D      D      D        D         A'),
  'Mutation.coAssignNeed':         row('D    D        D    A      D      D        D         A'),
  'Mutation.removeCoAssignment':   row('D    D        D    A      D      D        D         A'),
  // Routing rules: admins.
  'Query.routingRules':            row('D    D        D    D      D      D        D         A'),
  'Mutation.saveRoutingRule':      row('D    D        D    D      D      D        D         A'),
  'Mutation.deleteRoutingRule':    row('D    D        D    D      D      D        D         A'),
  // The audit journal: admins. Inbox CSV exports of Avrillé: its agents and admins; an export (asked by agentA) is seen by its requester and admins.
  'Query.auditEntries':            row('D    D        D    D      D      D        D         A'),
  'Mutation.requestInboxExport':   row('D    D        D    A      D      D        D         A'),
  'Query.inboxExport':             row('D    D        D    A      D      D        D         A'),
  'Query.myInboxExports':          row('D    A        A    A      A      A        A         A'),
  'Mutation.requestMyDataExport':  row('D    A        A    A      A      A        A         A'),
  'Query.myDataExport':            row('D    A        A    A      A      A        A         A'),
  'Mutation.deleteMyAccount':      row('D    A        A    A      A      A        A         A'),
  // The audit journal: admins. Inbox CSV exports of Avrillé: its agents and admins; an export (asked by agentA) is seen by its requester and admins.
  'Query.auditEntries':            row('D    D        D    D      D      D        D         A'),
  'Mutation.requestInboxExport':   row('D    D        D    A      D      D        D         A'),
  'Query.inboxExport':             row('D    D        D    A      D      D        D         A'),
  'Query.myInboxExports':          row('D    A        A    A      A      A        A         A'),
  // Where to get help (issue 6 item 6): public reads; help places are edited by admins.
  'Query.helpPlaces':              row('A    A        A    A      A      A        A         A'),
  'Query.helpPlace':               row('A    A        A    A      A      A        A         A'),
  'Query.helpPlaceChoices':        row('A    A        A    A      A      A        A         A'),
  'Query.helpPlacesSchemaRows':    row('A    A        A    A      A      A        A         A'),
  'Mutation.saveHelpPlace':        row('D    D        D    D      D      D        D         A'),
  'Mutation.deleteHelpPlace':      row('D    D        D    D      D      D        D         A'),
  // Open311 API keys of partners (issue 7 item 3): admins.
  'Query.open311Keys':             row('D    D        D    D      D      D        D         A'),
  'Mutation.issueOpen311Key':      row('D    D        D    D      D      D        D         A'),
  'Mutation.revokeOpen311Key':     row('D    D        D    D      D      D        D         A'),
  // Open data and the public moderation log (issue 7 items 2 and 6): public.
  'Query.openDataFiles':           row('A    A        A    A      A      A        A         A'),
  'Query.moderationLog':           row('A    A        A    A      A      A        A         A'),
  // Assisted intake (issue 6): mediators and agents record for their place (admins name one); the mandate,
  // its contact and to-dos: the place's mediators (and the recorder), admins; /suivi for anyone.
  'Mutation.submitAssistedNeed':   row('D    D        D    A      A      A        D         A'),
  'Query.needMandate':             row('D    D        D    D      D      A        D         A'),
  'Query.placeMandates':           row('D    D        D    A      D      A        D         A'),
  'Mutation.revokeMandate':        row('D    D        D    D      D      A        D         A'),
  'Query.trackNeed':               row('A    A        A    A      A      A        A         A'),
  'Mutation.claimNeed':            row('D    A        A    A      A      A        A         A'),
  'Query.mediationTodos':          row('D    D        D    A      D      A        D         A'),
  'Query.mediationTodo':           row('D    D        D    D      D      A        D         A'),
  'Mutation.completeMediationTodo': row('D   D        D    D      D      A        D         A'),
  'Query.channelStatistics':       row('D    D        D    D      D      D        D         A'),
  // Webhooks for partner back offices (issue 7 item 4): Avrillé's agents and admins.
  'Query.webhooks':                row('D    D        D    A      D      D        D         A'),
  'Mutation.registerWebhook':      row('D    D        D    A      D      D        D         A'),
  'Mutation.disableWebhook':       row('D    D        D    A      D      D        D         A'),
  'Query.webhookDeliveries':       row('D    D        D    A      D      D        D         A'),
};

interface Fixtures {
  organisationId: string;
  needId: string;
  avrilleId: string;
  /** The person of the agentA column. */
  agentAId: string;
  reference: string;
  /** A need transmis to Avrillé (the matrix's changeNeedStatus call leaves it so). */
  triageReference: string;
  /** A fresh comment by the resident on the need. */
  disposableComment: () => Promise<string>;
  disposableMember: () => Promise<string>;
  disposableRole: () => Promise<string>;
  /** A fresh answer template of Avrillé. */
  disposableTemplate: () => Promise<string>;
  /** A fresh pending carry-over request of the resident (the need merged into the one to triage). */
  disposableCarryOver: () => Promise<string>;
  /** A fresh inbox export of Avrillé asked by agentA. */
  disposableExport: () => Promise<string>;
  /** A fresh active webhook of Avrillé. */
  disposableWebhook: () => Promise<string>;
  /** A need recorded by the mediator of Avrillé under a mandate, and a to-do of it. */
  assistedReference: string;
  mediationTodoId: string;
  /** A fresh assisted need of the mediator (its mandate in force). */
  disposableAssisted: () => Promise<string>;
  unique: () => string;
}

// How to call each operation: a document and its variables (some build fresh data per call).
const CALLS: Record<string, { document: string; variables?: (f: Fixtures) => Promise<Record<string, unknown>> | Record<string, unknown> }> = {
  'Query.authorities': { document: `{ authorities(kind: POLE) { id name } }` },
  'Query.communes': { document: `{ communes(search: "49125") { code } }` },
  'Query.themes': { document: `{ themes { key } }` },
  'Query.need': { document: `query($r: String!) { need(reference: $r) { reference } }`, variables: (f) => ({ r: f.reference }) },
  'Query.needs': { document: `{ needs(first: 2) { totalCount } }` },
  'Query.me': { document: `{ me { id } }` },
  'Query.mySessions': { document: `{ mySessions { id } }` },
  'Query.myOrganisations': { document: `{ myOrganisations { id } }` },
  'Query.organisationMembers': { document: `query($o: ID!) { organisationMembers(organisationId: $o) { role } }`, variables: (f) => ({ o: f.organisationId }) },
  'Query.pendingOrganisations': { document: `{ pendingOrganisations { id } }` },
  'Query.roleAssignments': { document: `{ roleAssignments { id } }` },
  'Query.authorityInbox': {
    document: `query($a: ID!) { authorityInbox(authorityId: $a, filter: { statuses: [TRANSMITTED], assignee: "NONE" }, q: "matrice", sort: DUE_SOONEST) { totalCount } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Query.authorityInboxCounts': { document: `query($a: ID!) { authorityInboxCounts(authorityId: $a) { total } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Mutation.submitNeed': {
    document: `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id } }`,
    variables: () => ({ i: { title: 'Matrice : un besoin', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', authorEmail: 'matrice@exemple.fr' } }),
  },
  'Mutation.confirmNeed': { document: `mutation { confirmNeed(token: "jeton-inconnu") { id } }` },
  'Query.myNeeds': { document: `{ myNeeds(first: 2) { totalCount } }` },
  'Query.similarNeeds': { document: `{ similarNeeds(title: "Besoin de la matrice", communeCode: "49015") { reference } }` },
  // Under 3 characters the geocoder is not called (no network in tests).
  'Query.addressSearch': { document: `{ addressSearch(q: "ab") { unavailable } }` },
  'Query.myNeedDrafts': { document: `{ myNeedDrafts { id } }` },
  'Query.needDraft': { document: `{ needDraft(id: "00000000-0000-4000-8000-000000000000") { id } }` },
  'Mutation.updateNeed': {
    document: `mutation($r: String!, $i: UpdateNeedInput!) { updateNeed(reference: $r, input: $i) { id } }`,
    variables: (f) => ({ r: f.reference, i: { title: 'Besoin de la matrice modifié', description: DESCRIPTION } }),
  },
  'Mutation.withdrawNeed': { document: `mutation($r: String!) { withdrawNeed(reference: $r) { id } }`, variables: (f) => ({ r: f.reference }) },
  'Mutation.saveNeedDraft': { document: `mutation { saveNeedDraft(input: { title: "Brouillon de la matrice" }) { id } }` },
  'Mutation.deleteNeedDraft': { document: `mutation { deleteNeedDraft(id: "00000000-0000-4000-8000-000000000000") }` },
  'Mutation.signUp': {
    document: `mutation($i: SignUpInput!) { signUp(input: $i) { sessionToken } }`,
    variables: (f) => ({ i: { pseudonym: `Matrice ${f.unique()}`, email: `matrice-${f.unique()}@exemple.fr`, password: 'une phrase de passe solide' } }),
  },
  'Mutation.logIn': { document: `mutation { logIn(input: { email: "personne@exemple.fr", password: "une phrase de passe" }) { sessionToken } }` },
  'Mutation.verifyEmail': { document: `mutation { verifyEmail(token: "jeton-inconnu") }` },
  'Mutation.requestPasswordReset': { document: `mutation { requestPasswordReset(email: "personne@exemple.fr") }` },
  'Mutation.resetPassword': { document: `mutation { resetPassword(token: "jeton-inconnu", password: "une phrase de passe solide") }` },
  'Mutation.confirmEmailChange': { document: `mutation { confirmEmailChange(token: "jeton-inconnu") }` },
  'Mutation.logOut': { document: `mutation { logOut { loggedOut } }` },
  'Mutation.logOutEverywhere': { document: `mutation { logOutEverywhere }` },
  'Mutation.revokeSession': { document: `mutation { revokeSession(sessionId: "00000000-0000-4000-8000-000000000000") }` },
  'Mutation.changePassword': { document: `mutation { changePassword(currentPassword: "pas le bon", newPassword: "une autre phrase solide") }` },
  'Mutation.requestEmailChange': { document: `mutation { requestEmailChange(newEmail: "nouvelle@exemple.fr", password: "pas le bon") }` },
  'Mutation.updateProfile': { document: `mutation($p: String!) { updateProfile(pseudonym: $p) { id } }`, variables: (f) => ({ p: `Profil ${f.unique()}` }) },
  'Mutation.createOrganisation': {
    document: `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`,
    variables: (f) => ({ i: { name: `Collectif ${f.unique()}`, kind: 'COLLECTIVE', identifierType: 'NONE' } }),
  },
  'Mutation.acceptOrganisationInvitation': { document: `mutation { acceptOrganisationInvitation(token: "jeton-inconnu") { id } }` },
  'Mutation.inviteToOrganisation': {
    document: `mutation($o: ID!, $e: String!) { inviteToOrganisation(organisationId: $o, email: $e) }`,
    variables: (f) => ({ o: f.organisationId, e: `invite-${f.unique()}@exemple.fr` }),
  },
  'Mutation.removeOrganisationMember': {
    document: `mutation($o: ID!, $p: ID!) { removeOrganisationMember(organisationId: $o, personId: $p) }`,
    variables: async (f) => ({ o: f.organisationId, p: await f.disposableMember() }),
  },
  'Mutation.oidcStart': { document: `mutation { oidcStart(provider: FRANCECONNECT, redirectUri: "http://localhost:3000/connexion/franceconnect/retour") { state } }` },
  'Mutation.oidcComplete': {
    document: `mutation { oidcComplete(provider: FRANCECONNECT, callbackUrl: "http://localhost:3000/connexion/franceconnect/retour?code=x&state=y", state: "y", nonce: "n", codeVerifier: "v") { sessionToken } }`,
  },
  'Mutation.oidcLink': {
    document: `mutation { oidcLink(provider: FRANCECONNECT, callbackUrl: "http://localhost:3000/connexion/franceconnect/retour?code=x&state=y", state: "y", nonce: "n", codeVerifier: "v") }`,
  },
  'Mutation.verifyOrganisation': { document: `mutation($o: ID!) { verifyOrganisation(organisationId: $o) { id } }`, variables: (f) => ({ o: f.organisationId }) },
  'Mutation.assignRole': {
    document: `mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`,
    variables: () => ({ i: { email: 'personne@exemple.fr', role: 'MODERATOR' } }),
  },
  'Mutation.revokeRole': { document: `mutation($a: ID!) { revokeRole(assignmentId: $a) }`, variables: async (f) => ({ a: await f.disposableRole() }) },
  'Query.participationSettings': {
    document: `query($a: ID!) { participationSettings(authorityId: $a) { supportThreshold } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Mutation.setParticipationSettings': {
    document: `mutation($a: ID!) { setParticipationSettings(authorityId: $a, input: { supportThreshold: 50, answerDelayDays: 60 }) { supportThreshold } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Mutation.supportNeed': { document: `mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, variables: (f) => ({ n: f.needId }) },
  'Mutation.withdrawSupport': { document: `mutation($n: ID!) { withdrawSupport(needId: $n) { supportCount } }`, variables: (f) => ({ n: f.needId }) },
  'Mutation.followNeed': { document: `mutation($n: ID!) { followNeed(needId: $n) { viewerFollows } }`, variables: (f) => ({ n: f.needId }) },
  'Mutation.unfollowNeed': { document: `mutation($n: ID!) { unfollowNeed(needId: $n) { viewerFollows } }`, variables: (f) => ({ n: f.needId }) },
  'Mutation.recordPaperSupport': {
    // The second allowed role meets the first's support: BAD_USER_INPUT (a duplicate), still allowed.
    document: `mutation($n: ID!) { recordPaperSupport(input: { needId: $n, name: "Matrice Témoin", birthYear: 1975, communeCode: "49015", signatureSeen: true }) { supportCount } }`,
    variables: (f) => ({ n: f.needId }),
  },
  'Mutation.backNeed': {
    document: `mutation($n: ID!, $o: ID!) { backNeed(input: { needId: $n, organisationId: $o, statement: "Nous soutenons ce besoin de la matrice." }) { backingCount } }`,
    variables: (f) => ({ n: f.needId, o: f.organisationId }),
  },
  'Mutation.withdrawBacking': {
    document: `mutation($n: ID!, $o: ID!) { withdrawBacking(needId: $n, organisationId: $o) { backingCount } }`,
    variables: (f) => ({ n: f.needId, o: f.organisationId }),
  },
  'Query.commentReports': { document: `{ commentReports { commentId reason } }` },
  'Query.myNotificationSettings': { document: `{ myNotificationSettings { mode canReceive } }` },
  'Mutation.postComment': { document: `mutation($n: ID!) { postComment(needId: $n, body: "Un commentaire de la matrice") { id } }`, variables: (f) => ({ n: f.needId }) },
  'Mutation.editComment': {
    document: `mutation($c: ID!) { editComment(commentId: $c, body: "Commentaire corrigé") { id } }`,
    variables: async (f) => ({ c: await f.disposableComment() }),
  },
  'Mutation.deleteComment': { document: `mutation($c: ID!) { deleteComment(commentId: $c) { id } }`, variables: async (f) => ({ c: await f.disposableComment() }) },
  'Mutation.reportComment': {
    document: `mutation($c: ID!) { reportComment(commentId: $c, reason: SPAM) }`,
    variables: async (f) => ({ c: await f.disposableComment() }),
  },
  'Mutation.setNotificationMode': { document: `mutation { setNotificationMode(mode: IMMEDIATE) { mode } }` },
  'Mutation.unsubscribeNotifications': { document: `mutation { unsubscribeNotifications(token: "jeton-inconnu") }` },
  // An illegal move (transmis → réalisé): allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.changeNeedStatus': {
    document: `mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: DONE }) { status } }`,
    variables: (f) => ({ r: f.triageReference }),
  },
  'Query.answerTemplates': { document: `query($a: ID!) { answerTemplates(authorityId: $a) { id } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Mutation.saveAnswerTemplate': {
    document: `mutation($a: ID!) { saveAnswerTemplate(input: { authorityId: $a, title: "Modèle de la matrice", body: "Une réponse de la matrice." }) { id } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Mutation.deleteAnswerTemplate': { document: `mutation($id: ID!) { deleteAnswerTemplate(id: $id) }`, variables: async (f) => ({ id: await f.disposableTemplate() }) },
  // An illegal move (transmis → réalisé): allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.bulkChangeNeedStatus': {
    document: `mutation($r: String!) { bulkChangeNeedStatus(input: { references: [$r], status: DONE }) { status } }`,
    variables: (f) => ({ r: f.triageReference }),
  },
  // A reason too short: allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.requalifyNeed': {
    document: `mutation($r: String!) { requalifyNeed(reference: $r, input: { categoryKey: "parks_playgrounds_trees", reason: "Court." }) { reference } }`,
    variables: (f) => ({ r: f.triageReference }),
  },
  'Mutation.transferNeed': {
    document: `mutation($r: String!, $a: ID!) { transferNeed(reference: $r, input: { authorityId: $a, reason: "Court." }) { reference } }`,
    variables: (f) => ({ r: f.triageReference, a: f.avrilleId }),
  },
  'Query.moderationQueue': { document: `{ moderationQueue(first: 5) { id held } }` },
  'Query.moderationSettings': { document: `query($a: ID!) { moderationSettings(authorityId: $a) { premoderation } }`, variables: (f) => ({ a: f.avrilleId }) },
  // Off, as it was: allowed roles succeed and nothing changes.
  'Mutation.setPremoderation': { document: `mutation($a: ID!) { setPremoderation(authorityId: $a, enabled: false) { premoderation } }`, variables: (f) => ({ a: f.avrilleId }) },
  // The need to triage is not held, nor hidden, nor reported: allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.approveNeed': { document: `mutation($r: String!) { approveNeed(reference: $r) { status } }`, variables: (f) => ({ r: f.triageReference }) },
  'Mutation.rejectNeed': { document: `mutation($r: String!) { rejectNeed(reference: $r, reason: "Un motif de la matrice.") { status } }`, variables: (f) => ({ r: f.triageReference }) },
  'Mutation.unhideNeed': { document: `mutation($r: String!) { unhideNeed(reference: $r) { status } }`, variables: (f) => ({ r: f.triageReference }) },
  'Mutation.dismissReports': { document: `mutation($n: ID!) { dismissReports(subject: NEED, id: $n) }`, variables: (f) => ({ n: f.needId }) },
  // Each role reports the public need once.
  'Mutation.reportNeed': { document: `mutation($r: String!) { reportNeed(reference: $r, input: { reason: SPAM }) }`, variables: (f) => ({ r: f.reference }) },
  // A reason too short: allowed roles get BAD_USER_INPUT and the comment stays.
  'Mutation.hideComment': { document: `mutation($c: ID!) { hideComment(id: $c, reason: "Court.") }`, variables: async (f) => ({ c: await f.disposableComment() }) },
  'Query.authorityFigures': { document: `query($a: ID!) { authorityFigures(authorityId: $a) { overdueCount } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Query.authoritiesFigures': { document: `{ authoritiesFigures(kind: EPCI) { totalCount } }` },
  'Mutation.answerServiceFeedback': {
    document: `mutation($r: String!) { answerServiceFeedback(input: { reference: $r, answer: YES }) { answer } }`,
    variables: (f) => ({ r: f.triageReference }),
  },
  // No kept need and a reason too short: allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.mergeNeed': { document: `mutation($r: String!) { mergeNeed(reference: $r, input: { into: "", reason: "Court." }) { id } }`, variables: (f) => ({ r: f.triageReference }) },
  'Mutation.respondToSupportCarryOver': {
    document: `mutation($id: ID!) { respondToSupportCarryOver(id: $id, accept: false) { state } }`,
    variables: async (f) => ({ id: await f.disposableCarryOver() }),
  },
  'Query.mySupportCarryOvers': { document: `{ mySupportCarryOvers { id } }` },
  'Query.triageNeed': { document: `query($r: String!) { triageNeed(reference: $r) { channel internalNotes { body } } }`, variables: (f) => ({ r: f.triageReference }) },
  // Back to the unassigned queue: allowed roles succeed and nothing changes.
  'Mutation.assignNeed': { document: `mutation($r: String!) { assignNeed(reference: $r, assigneeId: null) { overdue } }`, variables: (f) => ({ r: f.triageReference }) },
  // An empty note: allowed roles get BAD_USER_INPUT and nothing is written.
  'Mutation.addInternalNote': { document: `mutation($r: String!) { addInternalNote(reference: $r, body: " ") { id } }`, variables: (f) => ({ r: f.triageReference }) },
  'Query.authorityStaff': { document: `query($a: ID!) { authorityStaff(authorityId: $a) { id displayName } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Query.authorityHandovers': { document: `query($a: ID!) { authorityHandovers(authorityId: $a) { id } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Query.myStaffAlertSettings': { document: `{ myStaffAlertSettings { mode } }` },
  'Mutation.setStaffAlertMode': { document: `mutation { setStaffAlertMode(mode: DAILY) { mode } }` },
  // To someone who is not Avrillé's agent: allowed roles get BAD_USER_INPUT and nothing moves.
  'Query.dashboard': { document: `{ dashboard { publicNeedCount byCommune(first: 1) { totalCount } } }` },
  'Mutation.handOverNeeds': {
    document: `mutation($a: ID!, $f: ID!) { handOverNeeds(authorityId: $a, input: { fromPersonId: $f, toPersonId: "00000000-0000-4000-8000-000000000000" }) { moved } }`,
    variables: (f) => ({ a: f.avrilleId, f: f.agentAId }),
  },
  // Nobody's agent: allowed roles get BAD_USER_INPUT.
  'Mutation.deactivateStaff': { document: `mutation { deactivateStaff(personId: "00000000-0000-4000-8000-000000000000") { revokedRoles } }` },
  // A reason too short, or an authority not co-assigned: allowed roles get BAD_USER_INPUT and nothing changes.
  'Mutation.coAssignNeed': {
    document: `mutation($r: String!, $a: ID!) { coAssignNeed(reference: $r, input: { authorityId: $a, reason: "Court." }) { reference } }`,
    variables: (f) => ({ r: f.triageReference, a: f.avrilleId }),
  },
  'Mutation.removeCoAssignment': {
    document: `mutation($r: String!, $a: ID!) { removeCoAssignment(reference: $r, authorityId: $a) { reference } }`,
    variables: (f) => ({ r: f.triageReference, a: f.avrilleId }),
  },
  'Query.routingRules': { document: `{ routingRules(epciCode: "244900015", categoryKey: "waste_collection") { id level } }` },
  // An unknown category: allowed roles get BAD_USER_INPUT and nothing is written.
  'Mutation.saveRoutingRule': {
    document: `mutation { saveRoutingRule(input: { categoryKey: "inconnue", epciCode: "244900015", level: EPCI, sentence: "Une phrase de la matrice." }) { id } }`,
  },
  'Mutation.deleteRoutingRule': { document: `mutation { deleteRoutingRule(id: "00000000-0000-4000-8000-000000000000") }` },
  'Query.auditEntries': { document: `{ auditEntries(first: 2, filter: { action: "need.*" }) { edges { node { action } } } }` },
  'Mutation.requestInboxExport': {
    document: `mutation($a: ID!) { requestInboxExport(authorityId: $a, filter: { statuses: [TRANSMITTED] }, q: "matrice") { id } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Query.inboxExport': { document: `query($id: ID!) { inboxExport(id: $id) { status } }`, variables: async (f) => ({ id: await f.disposableExport() }) },
  'Query.myInboxExports': { document: `{ myInboxExports { id } }` },
  'Mutation.requestMyDataExport': { document: `mutation { requestMyDataExport { id status } }` },
  'Query.myDataExport': { document: `{ myDataExport { id status } }` },
  // A wrong password (and phrase): allowed roles get BAD_USER_INPUT and nothing is erased.
  'Mutation.deleteMyAccount': { document: `mutation { deleteMyAccount(password: "pas le bon", confirmation: "non") }` },
  'Query.auditEntries': { document: `{ auditEntries(first: 2, filter: { action: "need.*" }) { edges { node { action } } } }` },
  'Mutation.requestInboxExport': {
    document: `mutation($a: ID!) { requestInboxExport(authorityId: $a, filter: { statuses: [TRANSMITTED] }, q: "matrice") { id } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Query.inboxExport': { document: `query($id: ID!) { inboxExport(id: $id) { status } }`, variables: async (f) => ({ id: await f.disposableExport() }) },
  'Query.myInboxExports': { document: `{ myInboxExports { id } }` },
  'Query.helpPlaces': { document: `{ helpPlaces(communeCode: "49015") { name openingHoursText } }` },
  'Query.helpPlace': { document: `{ helpPlace(id: "00000000-0000-4000-8000-000000000000") { id } }` },
  'Query.helpPlaceChoices': { document: `{ helpPlaceChoices { services } }` },
  'Query.helpPlacesSchemaRows': { document: `{ helpPlacesSchemaRows { id nom horaires } }` },
  // A commune outside the territory: admins get BAD_USER_INPUT and nothing is written.
  'Mutation.saveHelpPlace': {
    document: `mutation { saveHelpPlace(input: { name: "Lieu de la matrice", street: "1 rue de la Matrice", postalCode: "75001", communeCode: "75056", services: ["Aide aux démarches administratives"] }) { id } }`,
  },
  'Mutation.deleteHelpPlace': { document: `mutation { deleteHelpPlace(id: "00000000-0000-4000-8000-000000000000") }` },
  'Query.open311Keys': { document: `{ open311Keys { id prefix } }` },
  // A one-letter partner name: admins get BAD_USER_INPUT and no key is issued; an unknown key likewise.
  'Mutation.issueOpen311Key': { document: `mutation { issueOpen311Key(partnerName: "X") { secret } }` },
  'Mutation.revokeOpen311Key': { document: `mutation { revokeOpen311Key(id: "00000000-0000-4000-8000-000000000000") { id } }` },
  'Query.openDataFiles': { document: `{ openDataFiles { day format rowCount } }` },
  'Query.moderationLog': { document: `{ moderationLog(months: 2) { month needsHidden reports { reason count } } }` },
  'Mutation.submitAssistedNeed': {
    document: `mutation($i: SubmitAssistedNeedInput!) { submitAssistedNeed(input: $i) { need { id } } }`,
    variables: () => ({ i: ASSISTED_INPUT }),
  },
  'Query.needMandate': { document: `query($r: String!) { needMandate(reference: $r) { id } }`, variables: (f) => ({ r: f.assistedReference }) },
  'Query.placeMandates': { document: `query($a: ID!) { placeMandates(authorityId: $a) { id } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Mutation.revokeMandate': { document: `mutation($r: String!) { revokeMandate(reference: $r) { active } }`, variables: async (f) => ({ r: await f.disposableAssisted() }) },
  'Query.trackNeed': { document: `query($c: String!) { trackNeed(code: $c) { status } }`, variables: (f) => ({ c: f.assistedReference }) },
  // A wrong phone: BAD_USER_INPUT (or TOO_MANY_REQUESTS once throttled) for every logged-in person.
  'Mutation.claimNeed': { document: `mutation($r: String!) { claimNeed(reference: $r, phone: "0600000000") { id } }`, variables: (f) => ({ r: f.assistedReference }) },
  'Query.mediationTodos': { document: `query($a: ID!) { mediationTodos(authorityId: $a) { id } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Query.mediationTodo': { document: `query($id: ID!) { mediationTodo(id: $id) { id } }`, variables: (f) => ({ id: f.mediationTodoId }) },
  // Done after the first allowed call: BAD_USER_INPUT (already done) for the next ones.
  'Mutation.completeMediationTodo': { document: `mutation($id: ID!) { completeMediationTodo(id: $id) { id } }`, variables: (f) => ({ id: f.mediationTodoId }) },
  'Query.channelStatistics': { document: `{ channelStatistics { communeCode } }` },
  'Query.webhooks': { document: `query($a: ID!) { webhooks(authorityId: $a) { id } }`, variables: (f) => ({ a: f.avrilleId }) },
  'Mutation.registerWebhook': {
    document: `mutation($a: ID!) { registerWebhook(authorityId: $a, input: { url: "https://partenaire.example.fr/hook", events: ["need.routed"] }) { secret } }`,
    variables: (f) => ({ a: f.avrilleId }),
  },
  'Mutation.disableWebhook': { document: `mutation($id: ID!) { disableWebhook(id: $id) { id } }`, variables: async (f) => ({ id: await f.disposableWebhook() }) },
  'Query.webhookDeliveries': { document: `query($id: ID!) { webhookDeliveries(webhookId: $id) { id } }`, variables: async (f) => ({ id: await f.disposableWebhook() }) },
};

const DENIAL_CODES = ['FORBIDDEN', 'UNAUTHENTICATED'];

const ASSISTED_INPUT = {
  title: 'Matrice : un besoin accompagné',
  description: DESCRIPTION,
  categoryKey: 'schools',
  communeCode: '49015',
  channel: 'GUICHET',
  mandate: { residentLabel: 'M. X.', contactKind: 'PHONE', contactValue: '06 11 22 33 44', duration: 'ONE_DAY', publicationConsent: true },
};

describe('authorization matrix: every GraphQL operation as every role', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  const people = {} as Record<Exclude<Role, 'anon'>, string>;
  let fixtures: Fixtures;
  let counter = 0;

  const sessionFor = async (role: Role): Promise<string | null> => {
    if (role === 'anon') return null;
    // A fresh session per call: logOut and logOutEverywhere must not spoil the next row.
    return dataSource.transaction(async (manager) => (await api.get(SessionsService).create(manager, people[role], 'password', { clientIp: null, userAgent: null })).token);
  };

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    const roles = api.get(RolesService);
    const [avrille] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    const [tierce] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    for (const role of ROLES.filter((candidate): candidate is Exclude<Role, 'anon'> => candidate !== 'anon')) {
      const account = await signUpResident(api, `Matrice ${role}`);
      const [person] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [account.email]);
      people[role] = person.id;
      if (role === 'agentA') await roles.assign(null, { email: account.email, role: 'agent', authorityId: avrille.id });
      if (role === 'agentT') await roles.assign(null, { email: account.email, role: 'agent', authorityId: tierce.id });
      if (role === 'mediator') await roles.assign(null, { email: account.email, role: 'mediator', authorityId: avrille.id });
      if (role === 'moderator') await roles.assign(null, { email: account.email, role: 'moderator' });
      if (role === 'admin') await roles.assign(null, { email: account.email, role: 'admin' });
    }
    const [organisation] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by) VALUES ('Organisation O', 'association', 'none', $1) RETURNING id`,
      [people.repr],
    );
    await dataSource.query(`INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, 'representative')`, [organisation.id, people.repr]);
    const resident = await signUpResident(api, 'Matrice auteur');
    const need = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title: 'Besoin de la matrice', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: resident.token },
    );
    const triage = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title: 'Besoin de la matrice à trier', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: resident.token },
    );
    await dataSource.query(`UPDATE need SET authority_id = $2, status = 'transmitted' WHERE id = $1`, [triage.data!.submitNeed.id, avrille.id]);
    const disposableAssisted = async () => {
      const assisted = await graphql<{ submitAssistedNeed: { need: { id: string; reference: string } } }>(
        api,
        `mutation($i: SubmitAssistedNeedInput!) { submitAssistedNeed(input: $i) { need { id reference } } }`,
        { i: ASSISTED_INPUT },
        { token: await sessionFor('mediator') },
      );
      return assisted.data!.submitAssistedNeed.need.reference;
    };
    const assistedReference = await disposableAssisted();
    const [assistedChange] = await dataSource.query(
      `INSERT INTO need_status_change (need_id, status, note) SELECT id, 'under_study', 'Matrice' FROM need WHERE reference = $1 RETURNING id`,
      [assistedReference],
    );
    const [todo] = await dataSource.query(
      `INSERT INTO mediation_todo (mandate_id, authority_id, status_change_id, kind)
       SELECT m.id, m.authority_id, $2, 'phone' FROM need_mandate m JOIN need n ON n.id = m.need_id WHERE n.reference = $1 RETURNING id`,
      [assistedReference, assistedChange.id],
    );
    fixtures = {
      assistedReference,
      mediationTodoId: todo.id,
      disposableAssisted,
      organisationId: organisation.id,
      triageReference: triage.data!.submitNeed.reference,
      avrilleId: avrille.id,
      agentAId: people.agentA,
      reference: need.data!.submitNeed.reference,
      needId: need.data!.submitNeed.id,
      unique: () => `${Date.now().toString(36)}${++counter}`,
      disposableWebhook: async () => {
        const [webhook] = await dataSource.query(`INSERT INTO webhook (authority_id, url, events, secret) VALUES ($1, 'https://partenaire.example.fr/hook', '{need.routed}', 'plain:matrice') RETURNING id`, [avrille.id]);
        return webhook.id;
      },
      disposableExport: async () => {
        const [inboxExport] = await dataSource.query(
          `INSERT INTO inbox_export (authority_id, requested_by, filter, link_secret) VALUES ($1, $2, '{"filter": {}, "q": null}', 'secret') RETURNING id`,
          [avrille.id, people.agentA],
        );
        return inboxExport.id;
      },
      disposableComment: async () => {
        const [comment] = await dataSource.query(`INSERT INTO comment (need_id, author_id, body) VALUES ($1, $2, 'Commentaire de la matrice') RETURNING id`, [
          need.data!.submitNeed.id,
          people.resident,
        ]);
        return comment.id;
      },
      disposableMember: async () => {
        const [person] = await dataSource.query(`INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [`Membre ${fixtures.unique()}`]);
        await dataSource.query(`INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, 'member')`, [organisation.id, person.id]);
        return person.id;
      },
      disposableRole: async () => {
        const [person] = await dataSource.query(`INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [`Modo ${fixtures.unique()}`]);
        const [assignment] = await dataSource.query(`INSERT INTO role_assignment (person_id, role) VALUES ($1, 'moderator') RETURNING id`, [person.id]);
        return assignment.id;
      },
      disposableTemplate: async () => {
        const [template] = await dataSource.query(`INSERT INTO answer_template (authority_id, title, body) VALUES ($1, 'Modèle jetable', 'Une réponse jetable.') RETURNING id`, [avrille.id]);
        return template.id;
      },
      disposableCarryOver: async () => {
        const [merge] = await dataSource.query(`INSERT INTO need_merge (from_need_id, into_need_id, reason) VALUES ($1, $2, 'Fusion de la matrice.') RETURNING id`, [
          need.data!.submitNeed.id,
          triage.data!.submitNeed.id,
        ]);
        const [request] = await dataSource.query(`INSERT INTO support_carry_over (merge_id, person_id) VALUES ($1, $2) RETURNING id`, [merge.id, people.resident]);
        return request.id;
      },
    };
  });
  afterAll(async () => {
    // The webhooks the allowed roles registered point at a partner that does not exist: later files of
    // the suite share this database and must not queue deliveries to it behind their own jobs.
    await api?.get(DataSource).query(`UPDATE webhook SET active = false, disabled_at = now() WHERE url = 'https://partenaire.example.fr/hook' AND active`);
    await api?.close();
  });

  it('has a row and a call for every operation of the schema, and none for operations that do not exist', () => {
    const schema = buildSchema(readFileSync(new URL('../schema.gql', import.meta.url), 'utf8'));
    const operations = (['Query', 'Mutation'] as const).flatMap((root) => {
      const type = schema.getType(root);
      return type && isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${root}.${field}`) : [];
    });
    expect(Object.keys(MATRIX).sort()).toEqual(operations.sort());
    expect(Object.keys(CALLS).sort()).toEqual(operations.sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([operation, cells]) => ROLES.map((role) => ({ operation, role, expected: cells[role] })));

  it.each(cases)('$operation as $role: $expected', async ({ operation, role, expected }) => {
    const call = CALLS[operation]!;
    const variables = call.variables ? await call.variables(fixtures) : {};
    const result = await graphql(api, call.document, variables, { token: await sessionFor(role) });
    const codes = (result.errors ?? []).map((error) => error.extensions?.code);
    if (expected === 'D') {
      expect(codes.some((code) => DENIAL_CODES.includes(code as string)), `${operation} as ${role} answered ${JSON.stringify(result)}`).toBe(true);
    } else {
      expect(codes.filter((code) => DENIAL_CODES.includes(code as string)), `${operation} as ${role} answered ${JSON.stringify(result)}`).toEqual([]);
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    }
  });
});
