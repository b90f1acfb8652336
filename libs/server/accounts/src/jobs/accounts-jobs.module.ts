import { Module } from '@nestjs/common';
import { SendTokenEmailJob } from './send-token-email.job.js';

/** The accounts context's job processors: imported by the worker only. */
@Module({
  providers: [SendTokenEmailJob],
})
export class AccountsJobsModule {}
