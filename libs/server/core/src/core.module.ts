import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { OutboxMessageEntity } from './outbox/outbox-message.entity.js';
import { MailDeliveryEntity } from './mail/mail-delivery.entity.js';
import { MailService } from './mail/mail.service.js';
import { OutboxService } from './outbox/outbox.service.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { QueueBackend } from './queue/queue-backend.js';
import { JobRunner } from './queue/job-runner.js';
import { AuditEntryEntity } from './audit/audit-entry.entity.js';
import { AuditService } from './audit/audit.service.js';
import { AuditJournalRepository } from './audit/audit-journal.repository.js';

/** Config, database, outbox, queue and audit: imported by api and worker. */
@Global()
@Module({
  imports: [ConfigModule, DatabaseModule, TypeOrmModule.forFeature([OutboxMessageEntity, MailDeliveryEntity, AuditEntryEntity])],
  providers: [OutboxService, QueueBackend, MailService, AuditService, AuditJournalRepository],
  exports: [OutboxService, QueueBackend, MailService, AuditService, AuditJournalRepository],
})
export class CoreModule {}

/** What only the worker runs: the outbox relay and the job runner. */
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxRelay, JobRunner],
  exports: [OutboxRelay, JobRunner],
})
export class WorkerCoreModule {}
