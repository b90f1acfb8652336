import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { TerritoryService } from '@pit/territory';
import { mapAuthority } from '@pit/territory/graphql';
import { AccessService } from '../access.service.js';
import { AccountsService } from '../accounts.service.js';
import type { Actor, RequestInfo } from '../actor.js';
import { OidcService } from '../oidc/oidc.service.js';
import type { NewSession } from '../sessions.service.js';
import { SessionsService } from '../sessions.service.js';
import { AuthPayloadType, LogInInput, LogoutPayloadType, MeType, RoleEnum, SessionInfoType, SignUpInput } from './account.types.js';
import { CurrentActor, CurrentRequest } from './request-context.js';

@Resolver()
export class AccountsResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly access: AccessService,
    private readonly territory: TerritoryService,
    private readonly oidc: OidcService,
  ) {}

  @Query(() => MeType, { nullable: true, description: 'The logged-in person, or null' })
  async me(@CurrentActor() actor: Actor | null): Promise<MeType | null> {
    return actor ? this.meOf(actor.personId) : null;
  }

  @Query(() => [SessionInfoType], { description: 'Open sessions of the logged-in person' })
  async mySessions(@CurrentActor() actor: Actor | null): Promise<SessionInfoType[]> {
    const self = await this.access.require(actor, 'account.self');
    return (await this.sessions.list(self.personId)).map((session) => ({ ...session, current: session.id === self.sessionId }));
  }

  @Mutation(() => AuthPayloadType, { description: 'Creates a resident account, emails a verification link, opens a session' })
  async signUp(@Args('input', { type: () => SignUpInput }) input: SignUpInput, @CurrentRequest() request: RequestInfo): Promise<AuthPayloadType> {
    return payload(await this.accounts.signUp(input, request));
  }

  @Mutation(() => AuthPayloadType)
  async logIn(@Args('input', { type: () => LogInInput }) input: LogInInput, @CurrentRequest() request: RequestInfo): Promise<AuthPayloadType> {
    return payload(await this.accounts.logIn(input, request));
  }

  @Mutation(() => LogoutPayloadType, { description: 'Ends the current session' })
  async logOut(@CurrentActor() actor: Actor | null): Promise<LogoutPayloadType> {
    const self = await this.access.require(actor, 'account.self');
    const { idToken } = await this.accounts.logOut(self);
    // A FranceConnect or ProConnect session also ends at the provider: the web sends the browser there.
    return { loggedOut: true, providerLogoutUrl: idToken ? await this.oidc.logoutUrl(idToken) : null };
  }

  @Mutation(() => Int, { description: 'Ends every session of the logged-in person; returns how many' })
  async logOutEverywhere(@CurrentActor() actor: Actor | null): Promise<number> {
    const self = await this.access.require(actor, 'account.self');
    return this.sessions.revokeAll(self.personId);
  }

  @Mutation(() => Boolean, { description: 'Ends one of the logged-in person’s sessions' })
  async revokeSession(@CurrentActor() actor: Actor | null, @Args('sessionId', { type: () => ID }) sessionId: string): Promise<boolean> {
    const self = await this.access.require(actor, 'account.self');
    return (await this.sessions.revoke(self.personId, sessionId)).revoked;
  }

  @Mutation(() => Boolean, { description: 'Confirms an email address from the emailed link' })
  async verifyEmail(@Args('token', { type: () => String }) token: string): Promise<boolean> {
    await this.accounts.verifyEmail(token.slice(0, 200));
    return true;
  }

  @Mutation(() => Boolean, { description: 'Emails a reset link if an account uses this address; always answers true' })
  async requestPasswordReset(@Args('email', { type: () => String }) email: string): Promise<boolean> {
    await this.accounts.requestPasswordReset(email.slice(0, 300));
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sets a new password from the emailed link; ends every session' })
  async resetPassword(@Args('token', { type: () => String }) token: string, @Args('password', { type: () => String }) password: string): Promise<boolean> {
    await this.accounts.resetPassword(token.slice(0, 200), password.slice(0, 1000));
    return true;
  }

  @Mutation(() => Boolean)
  async changePassword(
    @CurrentActor() actor: Actor | null,
    @Args('currentPassword', { type: () => String }) currentPassword: string,
    @Args('newPassword', { type: () => String }) newPassword: string,
  ): Promise<boolean> {
    const self = await this.access.require(actor, 'account.self');
    await this.accounts.changePassword(self, currentPassword.slice(0, 1000), newPassword.slice(0, 1000));
    return true;
  }

  @Mutation(() => Boolean, { description: 'Emails a confirmation link to the new address' })
  async requestEmailChange(
    @CurrentActor() actor: Actor | null,
    @Args('newEmail', { type: () => String }) newEmail: string,
    @Args('password', { type: () => String }) password: string,
  ): Promise<boolean> {
    const self = await this.access.require(actor, 'account.self');
    await this.accounts.requestEmailChange(self, newEmail.slice(0, 300), password.slice(0, 1000));
    return true;
  }

  @Mutation(() => Boolean, { description: 'Switches to the new address from the emailed link' })
  async confirmEmailChange(@Args('token', { type: () => String }) token: string): Promise<boolean> {
    await this.accounts.confirmEmailChange(token.slice(0, 200));
    return true;
  }

  @Mutation(() => MeType)
  async updateProfile(@CurrentActor() actor: Actor | null, @Args('pseudonym', { type: () => String }) pseudonym: string): Promise<MeType> {
    const self = await this.access.require(actor, 'account.self');
    await this.accounts.updatePseudonym(self, pseudonym.slice(0, 200));
    return (await this.meOf(self.personId))!;
  }

  private async meOf(personId: string): Promise<MeType | null> {
    const me = await this.accounts.me(personId);
    if (!me) return null;
    const roles = await Promise.all(
      me.roles.map(async (grant) => {
        const authority = grant.authorityId ? await this.territory.authority(grant.authorityId) : null;
        return { role: grant.role as RoleEnum, authority: authority ? mapAuthority(authority) : null };
      }),
    );
    return { ...me, roles };
  }
}

function payload(session: NewSession): AuthPayloadType {
  return { sessionToken: session.token, expiresAt: session.expiresAt };
}
