import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DESCRIPTION, graphql, signUpResident, startApi, startWorker, waitFor } from '../../../../tools/test/harness.js';
import { SmtpSink } from '../../../../tools/test/smtp-sink.js';
import { RolesService } from './roles.service.js';

const PASSWORD = 'une phrase de passe solide';
const ME = `{ me { id pseudonym email emailVerified hasPassword roles { role authority { name } } } }`;

describe('accounts, sessions, organisations and roles (real PostgreSQL, real SMTP on loopback)', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const mail = new SmtpSink();

  const linkFor = (email: string, subject: RegExp) =>
    waitFor(
      async () => {
        const message = mail.to(email).filter((candidate) => subject.test(candidate.subject)).at(-1);
        return message ? /jeton=([A-Za-z0-9_-]+)/.exec(message.text)![1]! : undefined;
      },
      { what: `an email "${subject}" to ${email}` },
    );
  const logIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    graphql<{ logIn: { sessionToken: string } }>(api, `mutation($input: LogInInput!) { logIn(input: $input) { sessionToken expiresAt } }`, { input: { email, password } }, { headers });

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.PUBLIC_URL = 'http://localhost:3000';
    process.env.WEB_API_KEY = 'test-web-key-0123456789';
    api = await startApi();
    worker = await startWorker();
    dataSource = api.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
  });

  it('signs up, verifies the address through the emailed link, logs in and out', async () => {
    const { token, email, pseudonym } = await signUpResident(api, 'Camille');
    const before = await graphql<{ me: { email: string; emailVerified: boolean; pseudonym: string } }>(api, ME, {}, { token });
    expect(before.data!.me).toMatchObject({ email, emailVerified: false, pseudonym, hasPassword: true, roles: [] });

    const secret = await linkFor(email, /Confirmez votre adresse/);
    expect(mail.to(email).at(-1)!.text).toContain(`http://localhost:3000/compte/verifier?jeton=${secret}`);
    const verified = await graphql<{ verifyEmail: boolean }>(api, `mutation($t: String!) { verifyEmail(token: $t) }`, { t: secret });
    expect(verified.data!.verifyEmail).toBe(true);
    expect((await graphql<{ me: { emailVerified: boolean } }>(api, ME, {}, { token })).data!.me.emailVerified).toBe(true);
    // A link works once.
    const again = await graphql(api, `mutation($t: String!) { verifyEmail(token: $t) }`, { t: secret });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'token' }] });

    const login = await logIn(email, PASSWORD);
    const second = login.data!.logIn.sessionToken;
    expect(second).not.toBe(token);
    const sessions = await graphql<{ mySessions: Array<{ current: boolean }> }>(api, `{ mySessions { id current authMethod } }`, {}, { token: second });
    expect(sessions.data!.mySessions).toHaveLength(2);
    expect(sessions.data!.mySessions.filter((session) => session.current)).toHaveLength(1);

    const out = await graphql<{ logOut: { loggedOut: boolean } }>(api, `mutation { logOut { loggedOut providerLogoutUrl } }`, {}, { token: second });
    expect(out.data!.logOut).toEqual({ loggedOut: true, providerLogoutUrl: null });
    expect((await graphql<{ me: null }>(api, ME, {}, { token: second })).data!.me).toBeNull();
    expect((await graphql<{ me: object }>(api, ME, {}, { token })).data!.me).not.toBeNull();

    const everywhere = await graphql<{ logOutEverywhere: number }>(api, `mutation { logOutEverywhere }`, {}, { token });
    expect(everywhere.data!.logOutEverywhere).toBe(1);
    expect((await graphql<{ me: null }>(api, ME, {}, { token })).data!.me).toBeNull();
  });

  it('refuses bad sign-ups field by field, in French, and taken pseudonyms or addresses', async () => {
    const bad = await graphql(api, `mutation($input: SignUpInput!) { signUp(input: $input) { sessionToken } }`, {
      input: { pseudonym: 'a', email: 'pas-une-adresse', password: 'court' },
    });
    expect(bad.errors![0]!.extensions!.fields).toEqual([
      { field: 'pseudonym', message: 'Le pseudonyme doit compter entre 3 et 40 caractères.' },
      { field: 'email', message: "Cette adresse électronique n'est pas valide (exemple : nom@exemple.fr)." },
      { field: 'password', message: 'Le mot de passe doit compter au moins 12 caractères (il en compte 5).' },
    ]);
    const { email, pseudonym } = await signUpResident(api, 'Dominique');
    const taken = await graphql(api, `mutation($input: SignUpInput!) { signUp(input: $input) { sessionToken } }`, {
      input: { pseudonym: pseudonym.toUpperCase(), email: email.toUpperCase(), password: PASSWORD },
    });
    expect(taken.errors![0]!.extensions!.fields).toEqual([
      { field: 'pseudonym', message: 'Ce pseudonyme est déjà pris : choisissez-en un autre.' },
      { field: 'email', message: 'Un compte existe déjà avec cette adresse : connectez-vous, ou réinitialisez votre mot de passe.' },
    ]);
  });

  it('pauses an account after 10 failed logins in 20 s, with a clear message', async () => {
    const { email } = await signUpResident(api, 'Lou');
    for (let i = 0; i < 10; i++) {
      const failed = await logIn(email, 'mauvais mot de passe');
      expect(failed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'password', message: 'Adresse électronique ou mot de passe incorrect.' }] });
    }
    const paused = await logIn(email, PASSWORD);
    expect(paused.errors![0]!.extensions!.code).toBe('TOO_MANY_REQUESTS');
    expect(paused.errors![0]!.message).toMatch(/^Trop de tentatives de connexion pour ce compte : il est en pause\. Réessayez dans \d+ secondes/);
    // Once the window has passed (made to pass here), the right password works again.
    await dataSource.query(`UPDATE attempt SET created_at = created_at - interval '21 seconds' WHERE key = $1`, [`login:account:${email}`]);
    expect((await logIn(email, PASSWORD)).data!.logIn.sessionToken).toBeTruthy();
  });

  it('pauses a client address after 100 failures a minute, trusting the forwarded address only from the web server', async () => {
    const counter = { 'x-forwarded-for': '198.51.100.7', 'x-pit-web-key': 'test-web-key-0123456789' };
    await dataSource.query(`INSERT INTO attempt (key) SELECT 'login:ip:198.51.100.7' FROM generate_series(1, 99)`);
    const { email } = await signUpResident(api, 'Guichet');
    // 99 failures from this counter: a resident behind it still logs in.
    expect((await logIn(email, PASSWORD, counter)).data!.logIn.sessionToken).toBeTruthy();
    await logIn('inconnu@exemple.fr', 'mauvais mot de passe', counter);
    const paused = await logIn(email, PASSWORD, counter);
    expect(paused.errors![0]!.message).toMatch(/^Trop de tentatives de connexion depuis ce réseau/);
    // Without the web server's key, the forwarded header is ignored.
    const spoofed = await logIn(email, PASSWORD, { 'x-forwarded-for': '198.51.100.7', 'x-pit-web-key': 'wrong-key-0123456789' });
    expect(spoofed.data!.logIn.sessionToken).toBeTruthy();
  });

  it('resets a forgotten password through the emailed link, ending every session', async () => {
    const { token, email } = await signUpResident(api, 'Alix');
    const unknown = await graphql<{ requestPasswordReset: boolean }>(api, `mutation { requestPasswordReset(email: "personne@exemple.fr") }`);
    expect(unknown.data!.requestPasswordReset).toBe(true);
    await graphql(api, `mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: email });
    const secret = await linkFor(email, /nouveau mot de passe/);
    const weak = await graphql(api, `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }`, { t: secret, p: 'court' });
    expect(weak.errors![0]!.extensions!.fields).toEqual([{ field: 'password', message: 'Le mot de passe doit compter au moins 12 caractères (il en compte 5).' }]);
    // The refused attempt did not use the link up.
    const reset = await graphql<{ resetPassword: boolean }>(api, `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }`, { t: secret, p: 'un tout nouveau secret' });
    expect(reset.data!.resetPassword).toBe(true);
    expect((await graphql<{ me: null }>(api, ME, {}, { token })).data!.me).toBeNull();
    expect((await logIn(email, PASSWORD)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await logIn(email, 'un tout nouveau secret')).data!.logIn.sessionToken).toBeTruthy();
    expect(mail.to('personne@exemple.fr')).toEqual([]);
  });

  it('changes the email address only once the new address confirms', async () => {
    const { token, email } = await signUpResident(api, 'Sacha');
    const newEmail = email.replace('resident-', 'nouveau-');
    const wrongPassword = await graphql(api, `mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }`, { e: newEmail, p: 'pas le bon' }, { token });
    expect(wrongPassword.errors![0]!.extensions!.fields).toEqual([{ field: 'password', message: 'Le mot de passe est incorrect.' }]);
    await graphql(api, `mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }`, { e: newEmail, p: PASSWORD }, { token });
    expect((await graphql<{ me: { email: string } }>(api, ME, {}, { token })).data!.me.email).toBe(email);
    const secret = await linkFor(newEmail, /nouvelle adresse/);
    await graphql(api, `mutation($t: String!) { confirmEmailChange(token: $t) }`, { t: secret });
    expect((await graphql<{ me: { email: string; emailVerified: boolean } }>(api, ME, {}, { token })).data!.me).toMatchObject({ email: newEmail, emailVerified: true });
  });

  it('ends staff sessions after 30 idle minutes', async () => {
    const { token, email } = await signUpResident(api, 'Agent');
    const [avrille] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    await api.get(RolesService).assign(null, { email, role: 'agent', authorityId: avrille.id });
    // The role ended the resident session: the agent logs in again and gets a staff session.
    expect((await graphql<{ me: null }>(api, ME, {}, { token })).data!.me).toBeNull();
    const staff = (await logIn(email, PASSWORD)).data!.logIn.sessionToken;
    const me = await graphql<{ me: { roles: unknown[] } }>(api, ME, {}, { token: staff });
    expect(me.data!.me.roles).toEqual([{ role: 'AGENT', authority: { name: 'Avrillé' } }]);
    await dataSource.query(`UPDATE session SET last_seen_at = now() - interval '29 minutes' WHERE person_id = (SELECT id FROM person WHERE email = $1)`, [email]);
    expect((await graphql<{ me: object }>(api, ME, {}, { token: staff })).data!.me).not.toBeNull();
    await dataSource.query(`UPDATE session SET last_seen_at = now() - interval '31 minutes' WHERE person_id = (SELECT id FROM person WHERE email = $1)`, [email]);
    expect((await graphql<{ me: null }>(api, ME, {}, { token: staff })).data!.me).toBeNull();
  });

  it('creates an association, invites a member by email, and an admin verifies it', async () => {
    const president = await signUpResident(api, 'Présidente');
    const created = await graphql<{ createOrganisation: { id: string; verified: boolean; myRole: string } }>(
      api,
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name verified myRole } }`,
      { input: { name: 'Les Amis du Parc', kind: 'ASSOCIATION', identifierType: 'RNA', identifier: 'w491001234' } },
      { token: president.token },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createOrganisation).toMatchObject({ verified: false, myRole: 'REPRESENTATIVE' });
    const organisationId = created.data!.createOrganisation.id;

    const badNumber = await graphql(
      api,
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
      { input: { name: 'Club', kind: 'ASSOCIATION', identifierType: 'SIREN', identifier: '123456789' } },
      { token: president.token },
    );
    expect(badNumber.errors![0]!.extensions!.fields).toEqual([{ field: 'identifier', message: "Ce numéro SIREN n'est pas valide (chiffre de contrôle) : vérifiez-le." }]);

    const member = await signUpResident(api, 'Membre');
    const invited = await graphql(api, `mutation($o: ID!, $e: String!) { inviteToOrganisation(organisationId: $o, email: $e, role: MEMBER) }`, { o: organisationId, e: member.email }, { token: president.token });
    expect(invited.errors).toBeUndefined();
    const notRepresentative = await graphql(api, `mutation($o: ID!, $e: String!) { inviteToOrganisation(organisationId: $o, email: $e) }`, { o: organisationId, e: 'x@exemple.fr' }, { token: member.token });
    expect(notRepresentative.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const secret = await linkFor(member.email, /Invitation à rejoindre Les Amis du Parc/);
    const joined = await graphql<{ acceptOrganisationInvitation: { myRole: string } }>(api, `mutation($t: String!) { acceptOrganisationInvitation(token: $t) { id myRole } }`, { t: secret }, { token: member.token });
    expect(joined.data!.acceptOrganisationInvitation.myRole).toBe('MEMBER');
    const members = await graphql<{ organisationMembers: Array<{ role: string }> }>(api, `query($o: ID!) { organisationMembers(organisationId: $o) { pseudonym role } }`, { o: organisationId }, { token: member.token });
    expect(members.data!.organisationMembers.map((row) => row.role).sort()).toEqual(['MEMBER', 'REPRESENTATIVE']);

    const adminAccount = await signUpResident(api, 'Admin');
    await api.get(RolesService).assign(null, { email: adminAccount.email, role: 'admin' });
    const admin = (await logIn(adminAccount.email, PASSWORD)).data!.logIn.sessionToken;
    const pending = await graphql<{ pendingOrganisations: Array<{ id: string }> }>(api, `{ pendingOrganisations { id name } }`, {}, { token: admin });
    expect(pending.data!.pendingOrganisations.map((organisation) => organisation.id)).toContain(organisationId);
    const denied = await graphql(api, `mutation($o: ID!) { verifyOrganisation(organisationId: $o) { verified } }`, { o: organisationId }, { token: president.token });
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const verified = await graphql<{ verifyOrganisation: { verified: boolean } }>(api, `mutation($o: ID!) { verifyOrganisation(organisationId: $o) { verified } }`, { o: organisationId }, { token: admin });
    expect(verified.data!.verifyOrganisation.verified).toBe(true);
  });

  it("keeps an agent of Avrillé out of Tiercé's inbox", async () => {
    const [avrille, tierce] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code IN ('49015', '49347') ORDER BY code`);
    const agentAccount = await signUpResident(api, 'Agent Avrillé');
    await api.get(RolesService).assign(null, { email: agentAccount.email, role: 'agent', authorityId: avrille.id });
    const agent = (await logIn(agentAccount.email, PASSWORD)).data!.logIn.sessionToken;
    const resident = await signUpResident(api, 'Habitante');
    for (const communeCode of ['49015', '49347']) {
      await graphql(api, `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id } }`, {
        input: { title: `Aire de jeux ${communeCode}`, description: DESCRIPTION, categoryKey: 'parks_playgrounds_trees', communeCode },
      }, { token: resident.token });
    }
    const inbox = `query($a: ID!) { authorityInbox(authorityId: $a) { totalCount edges { node { commune { code } } } } }`;
    const own = await waitFor(async () => {
      const result = await graphql<{ authorityInbox: { totalCount: number; edges: Array<{ node: { commune: { code: string } } }> } }>(api, inbox, { a: avrille.id }, { token: agent });
      return result.data!.authorityInbox.totalCount > 0 ? result : undefined;
    }, { what: "Avrillé's inbox" });
    expect(own.data!.authorityInbox.edges.every((edge) => edge.node.commune.code === '49015')).toBe(true);
    const other = await graphql(api, inbox, { a: tierce.id }, { token: agent });
    expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(other.data).toBeNull();
  });

  it('publishes a need submitted without an account once its author opens the emailed link', async () => {
    const email = `sans-compte-${Date.now()}@exemple.fr`;
    const noEmail = await graphql(api, `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id } }`, {
      input: { title: 'Un composteur collectif', description: DESCRIPTION, categoryKey: 'waste_collection', communeCode: '49015' },
    });
    expect(noEmail.errors![0]!.extensions!.fields).toEqual([
      { field: 'authorEmail', message: 'Indiquez votre adresse électronique : nous vous enverrons un lien pour publier votre besoin.' },
    ]);
    const submitted = await graphql<{ submitNeed: { reference: string; status: string; authorViewToken: string } }>(
      api,
      `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { reference status authorViewToken } }`,
      { input: { title: 'Un composteur collectif', description: DESCRIPTION, categoryKey: 'waste_collection', communeCode: '49015', authorEmail: email } },
    );
    const { reference, status, authorViewToken } = submitted.data!.submitNeed;
    expect(status).toBe('PENDING_CONFIRMATION');
    const read = (viewToken: string | null) =>
      graphql<{ need: null | { status: string; routing: null | { authority: { name: string } } } }>(
        api,
        `query($r: String!, $v: String) { need(reference: $r, viewToken: $v) { status routing { authority { name } } } }`,
        { r: reference, v: viewToken },
      );
    expect((await read(null)).data!.need).toBeNull();
    // The author's browser sees it, routed meanwhile.
    const routed = await waitFor(async () => {
      const need = (await read(authorViewToken)).data!.need;
      return need?.routing ? need : undefined;
    }, { what: 'routing while awaiting confirmation' });
    expect(routed).toEqual({ status: 'PENDING_CONFIRMATION', routing: { authority: { name: 'Angers Loire Métropole' } } });
    const list = await graphql<{ needs: { edges: Array<{ node: { reference: string } }> } }>(api, `{ needs(first: 100) { edges { node { reference } } } }`);
    expect(list.data!.needs.edges.map((edge) => edge.node.reference)).not.toContain(reference);

    const secret = await linkFor(email, /Confirmez votre besoin/);
    expect(mail.to(email).at(-1)!.text).toContain('« Un composteur collectif »');
    const confirmed = await graphql<{ confirmNeed: { status: string; history: Array<{ status: string }> } }>(api, `mutation($t: String!) { confirmNeed(token: $t) { status history { status } } }`, { t: secret });
    expect(confirmed.data!.confirmNeed.status).toBe('TRANSMITTED');
    expect(confirmed.data!.confirmNeed.history.map((change) => change.status)).toEqual(['PENDING_CONFIRMATION', 'TRANSMITTED']);
    expect((await read(null)).data!.need!.status).toBe('TRANSMITTED');
  });

  it('sends each email once even when its job runs again', async () => {
    const { email } = await signUpResident(api, 'Unique');
    await linkFor(email, /Confirmez votre adresse/);
    const [token] = await dataSource.query(`SELECT id FROM email_token WHERE email = $1`, [email]);
    const { SendTokenEmailJob } = await import('./jobs/send-token-email.job.js');
    await Promise.all([worker.get(SendTokenEmailJob).handle({ tokenId: token.id }), worker.get(SendTokenEmailJob).handle({ tokenId: token.id })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.to(email)).toHaveLength(1);
  });
});
