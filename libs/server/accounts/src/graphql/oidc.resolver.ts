import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AccessService } from '../access.service.js';
import type { Actor, RequestInfo } from '../actor.js';
import { OidcService } from '../oidc/oidc.service.js';
import { AuthPayloadType } from './account.types.js';
import { OidcCallbackArgs, OidcStartArgs, OidcStartPayloadType } from './oidc.types.js';
import { CurrentActor, CurrentRequest } from './request-context.js';

/** FranceConnect and ProConnect: the api runs the protocol, the web only carries the browser. */
@Resolver()
export class OidcResolver {
  constructor(
    private readonly oidc: OidcService,
    private readonly access: AccessService,
  ) {}

  @Mutation(() => OidcStartPayloadType, { description: 'Starts a FranceConnect or ProConnect login; PROVIDER_DISABLED when it is not configured here' })
  async oidcStart(@Args() args: OidcStartArgs): Promise<OidcStartPayloadType> {
    return this.oidc.start(args.provider, args.redirectUri);
  }

  @Mutation(() => AuthPayloadType, { description: 'Completes the login on return from the provider: finds or creates the person, opens a session' })
  async oidcComplete(@Args() args: OidcCallbackArgs, @CurrentRequest() request: RequestInfo): Promise<AuthPayloadType> {
    const session = await this.oidc.logIn(args.provider, args, request);
    return { sessionToken: session.token, expiresAt: session.expiresAt };
  }

  @Mutation(() => Boolean, { description: 'Links the identity the provider vouches for to the logged-in account' })
  async oidcLink(@CurrentActor() actor: Actor | null, @Args() args: OidcCallbackArgs): Promise<boolean> {
    const self = await this.access.require(actor, 'account.self');
    await this.oidc.link(self, args.provider, args);
    return true;
  }
}
