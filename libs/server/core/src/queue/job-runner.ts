import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JOB_HANDLER, type JobProcessorClass } from './job-handler.js';
import { JOB_NAMES, type JobName } from './job-names.js';
import { QueueBackend, type JobsWorker } from './queue-backend.js';
import { MailService } from '../mail/mail.service.js';

export class JobRegistryError extends Error {}

/** Pairs every job name with exactly one handler (checked at boot), then runs them. */
export function buildJobRegistry(handlers: Array<{ name: JobName; instance: JobProcessorClass }>): Map<JobName, JobProcessorClass> {
  const registry = new Map<JobName, JobProcessorClass>();
  for (const { name, instance } of handlers) {
    if (registry.has(name)) throw new JobRegistryError(`Job "${name}" has more than one handler`);
    registry.set(name, instance);
  }
  const missing = JOB_NAMES.filter((name) => !registry.has(name));
  if (missing.length) throw new JobRegistryError(`No handler for job(s): ${missing.join(', ')}`);
  return registry;
}

@Injectable()
export class JobRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobRunner.name);
  private registry = new Map<JobName, JobProcessorClass>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly backend: QueueBackend,
    private readonly mail: MailService,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .map((wrapper) => ({ name: this.reflector.get<JobName | undefined>(JOB_HANDLER, wrapper.metatype!), instance: wrapper.instance }))
      .filter((entry): entry is { name: JobName; instance: JobProcessorClass } => Boolean(entry.name));
    this.registry = buildJobRegistry(handlers);
  }

  /** Starts consuming; called by the worker app only. */
  start(concurrency = 4): JobsWorker {
    const worker = this.backend.createWorker((job) => this.run(job), { concurrency });
    this.logger.log(`consuming jobs on ${this.backend.kind} (${[...this.registry.keys()].join(', ')})`);
    return worker;
  }

  async run(job: Job): Promise<void> {
    const handler = this.registry.get(job.name as JobName);
    if (!handler) throw new JobRegistryError(`No handler for job "${job.name}"`);
    // An attempt that fails after sending an email records it first, so that the retry does not send it again.
    await this.mail.recordingSends(() => handler.handle(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 }));
  }
}
