import { Module } from '@nestjs/common';
import { CoreModule, WorkerCoreModule } from '@pit/core';
import { NeedsJobsModule } from '@pit/needs/jobs';
import { AccountsJobsModule } from '@pit/accounts/jobs';

/** The worker: no HTTP, no GraphQL; the outbox relay and the job processors. */
@Module({
  imports: [CoreModule, WorkerCoreModule, NeedsJobsModule, AccountsJobsModule],
})
export class WorkerModule {}
