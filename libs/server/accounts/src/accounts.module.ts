import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerritoryModule } from '@pit/territory';
import { AccessService } from './access.service.js';
import { AccountsService } from './accounts.service.js';
import { EmailTokensService } from './email-tokens.service.js';
import { OidcService } from './oidc/oidc.service.js';
import { AttemptEntity } from './entities/attempt.entity.js';
import { EmailTokenEntity } from './entities/email-token.entity.js';
import { ExternalIdentityEntity } from './entities/external-identity.entity.js';
import { OrganisationMemberEntity } from './entities/organisation-member.entity.js';
import { OrganisationEntity } from './entities/organisation.entity.js';
import { PersonEntity } from './entities/person.entity.js';
import { RoleAssignmentEntity } from './entities/role-assignment.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { RolesService } from './roles.service.js';
import { SessionsService } from './sessions.service.js';
import { ThrottleService } from './throttle.service.js';

export const ACCOUNTS_ENTITIES = [
  PersonEntity,
  SessionEntity,
  EmailTokenEntity,
  ExternalIdentityEntity,
  RoleAssignmentEntity,
  OrganisationEntity,
  OrganisationMemberEntity,
  AttemptEntity,
];

const SERVICES = [AccessService, AccountsService, EmailTokensService, OidcService, OrganisationsService, RolesService, SessionsService, ThrottleService];

@Module({
  imports: [TypeOrmModule.forFeature(ACCOUNTS_ENTITIES), TerritoryModule],
  providers: SERVICES,
  exports: [...SERVICES, TerritoryModule],
})
export class AccountsModule {}
