import { Injectable } from '@nestjs/common';
import { JobHandler, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { NeedMergeService } from './need-merge.service.js';

/** notify-support-carry-over: asks each supporter of a merged need by email; once per (merge, person). */
@Injectable()
@JobHandler('notify-support-carry-over')
export class NotifySupportCarryOverJob implements JobProcessorClass<'notify-support-carry-over'> {
  constructor(private readonly merges: NeedMergeService) {}

  async handle({ mergeId }: JobPayloads['notify-support-carry-over']): Promise<void> {
    await this.merges.notifyCarryOver(mergeId);
  }
}
