import { Module } from '@nestjs/common';
import { AccountsModule } from '@pit/accounts';
import { HelpModule } from '../help.module.js';
import { HelpResolver } from './help.resolver.js';

/** GraphQL of the help places: imported by the api only. */
@Module({
  imports: [HelpModule, AccountsModule],
  providers: [HelpResolver],
})
export class HelpGraphqlModule {}
