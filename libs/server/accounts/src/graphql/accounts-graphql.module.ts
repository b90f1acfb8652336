import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts.module.js';
import { AccountsResolver } from './accounts.resolver.js';
import { OidcResolver } from './oidc.resolver.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { ActorGuard } from './request-context.js';

@Module({
  imports: [AccountsModule],
  providers: [AccountsResolver, OrganisationsResolver, OidcResolver, { provide: APP_GUARD, useClass: ActorGuard }],
})
export class AccountsGraphqlModule {}
