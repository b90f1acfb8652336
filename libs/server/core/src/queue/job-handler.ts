import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './job-names.js';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** Marks a provider as the processor of one job name. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export interface JobContext {
  /** BullMQ job id (outbox-<id>): stable across retries and re-publications. */
  jobId: string;
  attempt: number;
}

export interface JobProcessorClass<N extends JobName = JobName> {
  handle(payload: JobPayloads[N], context: JobContext): Promise<void>;
}
