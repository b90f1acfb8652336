import { Module } from '@nestjs/common';
import { CoreModule, WorkerCoreModule } from '@pit/core';
import { AssistedJobsModule, NeedsJobsModule, OpenDataJobsModule, TeamJobsModule, WebhooksJobsModule } from '@pit/needs/jobs';
import { AccountsJobsModule } from '@pit/accounts/jobs';
import { ParticipationJobsModule } from '@pit/participation/jobs';
import { CommentsJobsModule } from '@pit/comments/jobs';
import { NotificationsJobsModule } from '@pit/notifications/jobs';
import { ExportsJobsModule } from '@pit/exports/jobs';
import { PrivacyJobsModule } from '@pit/privacy/jobs';

/** The worker: no HTTP, no GraphQL; the outbox relay and the job processors. */
@Module({
  imports: [CoreModule, WorkerCoreModule, NeedsJobsModule, TeamJobsModule, AccountsJobsModule, ParticipationJobsModule, CommentsJobsModule, NotificationsJobsModule, ExportsJobsModule, PrivacyJobsModule, AssistedJobsModule, WebhooksJobsModule, OpenDataJobsModule],
})
export class WorkerModule {}
