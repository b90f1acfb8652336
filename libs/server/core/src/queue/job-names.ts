// The typed registry of every job the platform runs: name → payload.
export interface JobPayloads {
  'route-need': { needId: string };
  'send-token-email': { tokenId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['route-need', 'send-token-email'];

export interface JobRequest<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** Jobs with the same key are enqueued once. */
  dedupKey?: string;
}

/** The BullMQ job id of an outbox row: stable across re-publications of that row, unique across databases. */
export function jobIdForOutbox(jobKey: string): string {
  return `outbox-${jobKey}`;
}
