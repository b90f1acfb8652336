import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports.module.js';
import { AuditResolver } from './audit.resolver.js';
import { InboxExportsResolver } from './inbox-exports.resolver.js';
import { ExportsController } from './exports.controller.js';

@Module({
  imports: [ExportsModule],
  providers: [AuditResolver, InboxExportsResolver],
  controllers: [ExportsController],
})
export class ExportsGraphqlModule {}
