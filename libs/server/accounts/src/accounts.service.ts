import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, badUserInput, requirePaperSupportSecret, rowsOf, tooManyAttempts, unauthenticated, type AppConfig } from '@pit/core';
import { searchKey } from '@pit/territory';
import type { Actor, RequestInfo } from './actor.js';
import { EmailTokensService } from './email-tokens.service.js';
import { franceConnectIdentityHash } from './identity-hash.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { SessionsService, type NewSession } from './sessions.service.js';
import { ThrottleService } from './throttle.service.js';
import { collect, emailProblem, normalizeEmail, pseudonymProblem } from './validation.js';

/** Login throttling: an account pauses after 10 failures in 20 s; a client address after 100 in a minute. */
export const LOGIN_THROTTLE = {
  account: { limit: 10, windowSeconds: 20 },
  address: { limit: 100, windowSeconds: 60 },
  resetRequests: { limit: 5, windowSeconds: 3600 },
} as const;

export interface ExternalClaims {
  givenName?: string | null;
  familyName?: string | null;
  /** ProConnect's professional address: stored on a new account when no other account uses it. */
  workEmail?: string | null;
  /** FranceConnect's birthdate (YYYY-MM-DD): only its year goes into the identity hash, never stored. */
  birthdate?: string | null;
}

const BAD_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';

@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly tokens: EmailTokensService,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a resident account, sends the verification link and opens a session. */
  async signUp(input: { email: string; password: string; pseudonym: string }, request: RequestInfo): Promise<NewSession> {
    const email = normalizeEmail(input.email);
    const pseudonym = input.pseudonym.normalize('NFC').trim();
    const errors = collect(
      ['pseudonym', pseudonymProblem(pseudonym)],
      ['email', emailProblem(email)],
      ['password', passwordProblem(input.password, { email, pseudonym })],
    );
    if (errors.length) throw badUserInput(errors);
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.query(
        `SELECT (SELECT count(*) FROM person WHERE email = $1)::int AS email, (SELECT count(*) FROM person WHERE pseudonym_key = $2)::int AS pseudonym`,
        [email, searchKey(pseudonym)],
      );
      const conflicts = collect(
        ['pseudonym', taken[0].pseudonym ? 'Ce pseudonyme est déjà pris : choisissez-en un autre.' : null],
        ['email', taken[0].email ? 'Un compte existe déjà avec cette adresse : connectez-vous, ou réinitialisez votre mot de passe.' : null],
      );
      if (conflicts.length) throw badUserInput(conflicts);
      const [person] = await manager.query(
        `INSERT INTO person (pseudonym, pseudonym_key, email, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [pseudonym, searchKey(pseudonym), email, passwordHash],
      );
      await this.tokens.issue(manager, { purpose: 'verify_email', email, personId: person.id });
      return this.sessions.create(manager, person.id, 'password', request);
    });
  }

  async logIn(input: { email: string; password: string }, request: RequestInfo): Promise<NewSession> {
    const email = normalizeEmail(input.email);
    const errors = collect(['email', email ? null : 'Indiquez votre adresse électronique.'], ['password', input.password ? null : 'Indiquez votre mot de passe.']);
    if (errors.length) throw badUserInput(errors);
    const accountKey = `login:account:${email}`;
    const addressKey = request.clientIp ? `login:ip:${request.clientIp}` : null;
    const account = await this.throttle.state(accountKey, LOGIN_THROTTLE.account.limit, LOGIN_THROTTLE.account.windowSeconds);
    if (account.blocked) {
      throw tooManyAttempts(
        `Trop de tentatives de connexion pour ce compte : il est en pause. Réessayez dans ${account.retryAfterSeconds} secondes, ou réinitialisez votre mot de passe.`,
        account.retryAfterSeconds,
      );
    }
    if (addressKey) {
      const address = await this.throttle.state(addressKey, LOGIN_THROTTLE.address.limit, LOGIN_THROTTLE.address.windowSeconds);
      if (address.blocked) {
        throw tooManyAttempts(`Trop de tentatives de connexion depuis ce réseau. Réessayez dans ${address.retryAfterSeconds} secondes.`, address.retryAfterSeconds);
      }
    }
    const [person] = await this.dataSource.query(`SELECT id, password_hash FROM person WHERE email = $1 AND deactivated_at IS NULL`, [email]);
    const ok = await verifyPassword(person?.password_hash ?? null, input.password);
    if (!ok) {
      await this.throttle.record([accountKey, ...(addressKey ? [addressKey] : [])]);
      throw badUserInput([{ field: 'password', message: BAD_CREDENTIALS }]);
    }
    return this.dataSource.transaction((manager) => this.sessions.create(manager, person.id, 'password', request));
  }

  async logOut(actor: Actor): Promise<{ idToken: string | null }> {
    const { idToken } = await this.sessions.revoke(actor.personId, actor.sessionId);
    return { idToken };
  }

  async verifyEmail(secret: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(manager, 'verify_email', secret);
      await manager.query(`UPDATE person SET email_verified_at = now() WHERE id = $1 AND email = $2`, [token.personId, token.email]);
    });
  }

  /** Always answers the same, whether the address has an account or not. */
  async requestPasswordReset(rawEmail: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const problem = emailProblem(email);
    if (problem) throw badUserInput([{ field: 'email', message: problem }]);
    const key = `reset:account:${email}`;
    const state = await this.throttle.state(key, LOGIN_THROTTLE.resetRequests.limit, LOGIN_THROTTLE.resetRequests.windowSeconds);
    if (state.blocked) return;
    await this.dataSource.transaction(async (manager) => {
      await this.throttle.record([key], manager);
      const [person] = await manager.query(`SELECT id FROM person WHERE email = $1 AND deactivated_at IS NULL`, [email]);
      if (person) await this.tokens.issue(manager, { purpose: 'reset_password', email, personId: person.id });
    });
  }

  /** Sets a new password from an emailed link; every session of the account ends. */
  async resetPassword(secret: string, password: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(manager, 'reset_password', secret);
      const [person] = await manager.query(`SELECT email, pseudonym FROM person WHERE id = $1`, [token.personId]);
      const problem = passwordProblem(password, person ?? {});
      if (problem) throw badUserInput([{ field: 'password', message: problem }]);
      // The link proves the address: it is verified from now on.
      await manager.query(`UPDATE person SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1`, [
        token.personId,
        await hashPassword(password),
      ]);
      await this.sessions.revokeAll(token.personId!, manager);
    });
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const [person] = await this.dataSource.query(`SELECT email, pseudonym, password_hash FROM person WHERE id = $1`, [actor.personId]);
    if (person.password_hash && !(await verifyPassword(person.password_hash, currentPassword))) {
      throw badUserInput([{ field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
    }
    const problem = passwordProblem(newPassword, person);
    if (problem) throw badUserInput([{ field: 'newPassword', message: problem }]);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE person SET password_hash = $2 WHERE id = $1`, [actor.personId, await hashPassword(newPassword)]);
      // The other sessions end; this one stays.
      await manager.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND id <> $2 AND revoked_at IS NULL`, [actor.personId, actor.sessionId]);
    });
  }

  /** Sends a confirmation link to the new address; the change happens when it is clicked. */
  async requestEmailChange(actor: Actor, rawEmail: string, password: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const problem = emailProblem(email);
    if (problem) throw badUserInput([{ field: 'newEmail', message: problem }]);
    const [person] = await this.dataSource.query(`SELECT password_hash FROM person WHERE id = $1`, [actor.personId]);
    if (person.password_hash && !(await verifyPassword(person.password_hash, password))) {
      throw badUserInput([{ field: 'password', message: 'Le mot de passe est incorrect.' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      const [taken] = await manager.query(`SELECT 1 FROM person WHERE email = $1`, [email]);
      if (taken) throw badUserInput([{ field: 'newEmail', message: 'Cette adresse est déjà utilisée par un autre compte.' }]);
      await this.tokens.issue(manager, { purpose: 'change_email', email, personId: actor.personId });
    });
  }

  async confirmEmailChange(secret: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(manager, 'change_email', secret);
      const [taken] = await manager.query(`SELECT 1 FROM person WHERE email = $1 AND id <> $2`, [token.email, token.personId]);
      if (taken) throw badUserInput([{ field: 'token', message: 'Cette adresse est déjà utilisée par un autre compte.' }]);
      await manager.query(`UPDATE person SET email = $2, email_verified_at = now() WHERE id = $1`, [token.personId, token.email]);
    });
  }

  async updatePseudonym(actor: Actor, raw: string): Promise<void> {
    const pseudonym = raw.normalize('NFC').trim();
    const problem = pseudonymProblem(pseudonym);
    if (problem) throw badUserInput([{ field: 'pseudonym', message: problem }]);
    const [taken] = await this.dataSource.query(`SELECT 1 FROM person WHERE pseudonym_key = $1 AND id <> $2`, [searchKey(pseudonym), actor.personId]);
    if (taken) throw badUserInput([{ field: 'pseudonym', message: 'Ce pseudonyme est déjà pris : choisissez-en un autre.' }]);
    await this.dataSource.query(`UPDATE person SET pseudonym = $2, pseudonym_key = $3 WHERE id = $1`, [actor.personId, pseudonym, searchKey(pseudonym)]);
  }

  /**
   * Logs in through FranceConnect or ProConnect. A known (provider, sub) opens its person's session;
   * an unknown one creates an account. Never linked by email: the provider's email is no proof.
   */
  async logInWithIdentity(
    identity: { provider: 'franceconnect' | 'proconnect'; subject: string; claims: ExternalClaims; idToken: string | null },
    request: RequestInfo,
  ): Promise<NewSession> {
    return this.dataSource.transaction(async (manager) => {
      const [known] = await manager.query(
        `SELECT i.person_id FROM external_identity i JOIN person p ON p.id = i.person_id
          WHERE i.provider = $1 AND i.subject = $2 AND p.deactivated_at IS NULL`,
        [identity.provider, identity.subject],
      );
      let personId: string | undefined = known?.person_id;
      if (!personId) {
        // A default public name the person can change; drawn again on the rare collision.
        for (let attempt = 0; !personId; attempt++) {
          if (attempt === 5) throw new Error('Could not draw a free default pseudonym in 5 attempts');
          const pseudonym = `Habitant ${randomBytes(5).readUIntBE(0, 5).toString(36).toUpperCase().padStart(8, '0')}`;
          const [person] = rowsOf<{ id: string }>(
            await manager.query(
              `INSERT INTO person (pseudonym, pseudonym_key, given_name, family_name) VALUES ($1, $2, $3, $4)
               ON CONFLICT (pseudonym_key) DO NOTHING RETURNING id`,
              [pseudonym, searchKey(pseudonym), identity.claims.givenName ?? null, identity.claims.familyName ?? null],
            ),
          );
          personId = person?.id;
        }
        await manager.query(`INSERT INTO external_identity (provider, subject, person_id) VALUES ($1, $2, $3)`, [identity.provider, identity.subject, personId]);
        await this.storeIdentityHash(manager, identity);
        const workEmail = identity.claims.workEmail ? normalizeEmail(identity.claims.workEmail) : null;
        if (workEmail && !emailProblem(workEmail)) {
          // Never a link to another account: the address is only taken when nobody uses it.
          await manager.query(`UPDATE person SET email = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM person WHERE email = $2)`, [personId, workEmail]);
        }
      } else {
        await manager.query(`UPDATE person SET given_name = COALESCE($2, given_name), family_name = COALESCE($3, family_name) WHERE id = $1`, [
          personId,
          identity.claims.givenName ?? null,
          identity.claims.familyName ?? null,
        ]);
        await this.storeIdentityHash(manager, identity);
      }
      return this.sessions.create(manager, personId!, identity.provider, request, identity.idToken);
    });
  }

  /** FranceConnect: the keyed hash of name and birth year (paper supports check it), refreshed at each login. */
  private async storeIdentityHash(manager: EntityManager, identity: { provider: string; subject: string; claims: ExternalClaims }): Promise<void> {
    if (identity.provider !== 'franceconnect') return;
    const hash = franceConnectIdentityHash(requirePaperSupportSecret(this.config), identity.claims);
    await manager.query(`UPDATE external_identity SET identity_hash = $3 WHERE provider = $1 AND subject = $2`, [identity.provider, identity.subject, hash]);
  }

  /** Links a provider identity to the logged-in account (never by matching emails). */
  async linkIdentity(actor: Actor, provider: 'franceconnect' | 'proconnect', subject: string, claims: ExternalClaims = {}): Promise<void> {
    const [existing] = await this.dataSource.query(`SELECT person_id FROM external_identity WHERE provider = $1 AND subject = $2`, [provider, subject]);
    if (existing && existing.person_id !== actor.personId) {
      throw badUserInput([{ field: 'provider', message: 'Cette identité est déjà liée à un autre compte.' }]);
    }
    if (!existing) {
      await this.dataSource.query(`INSERT INTO external_identity (provider, subject, person_id) VALUES ($1, $2, $3)`, [provider, subject, actor.personId]);
    }
    await this.storeIdentityHash(this.dataSource.manager, { provider, subject, claims });
  }

  async me(personId: string): Promise<{
    id: string;
    pseudonym: string;
    email: string | null;
    emailVerified: boolean;
    hasPassword: boolean;
    linkedProviders: string[];
    roles: Array<{ role: string; authorityId: string | null }>;
  }> {
    const [row] = await this.dataSource.query(
      `SELECT p.id, p.pseudonym, p.email, p.email_verified_at IS NOT NULL AS "emailVerified", p.password_hash IS NOT NULL AS "hasPassword",
              COALESCE((SELECT array_agg(i.provider ORDER BY i.provider) FROM external_identity i WHERE i.person_id = p.id), '{}') AS "linkedProviders",
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'authorityId', r.authority_id) ORDER BY r.role)
                          FROM role_assignment r WHERE r.person_id = p.id), '[]') AS roles
         FROM person p WHERE p.id = $1`,
      [personId],
    );
    return row;
  }

  requireActor(actor: Actor | null): Actor {
    if (!actor) throw unauthenticated();
    return actor;
  }
}
