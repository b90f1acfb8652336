import { describe, expect, it } from 'vitest';
import { buildJobRegistry, JobRegistryError } from './job-runner.js';
import { JOB_NAMES } from './job-names.js';

const handler = { handle: async () => undefined };

// Every area adds its jobs to JOB_NAMES: the registry is checked against that list, whatever its length.
describe('job registry', () => {
  it('accepts exactly one handler per job name', () => {
    expect(JOB_NAMES.slice(0, 5)).toEqual(['route-need', 'send-token-email', 'notify-need-change', 'send-notification-email', 'send-daily-digest']);
    const registry = buildJobRegistry(JOB_NAMES.map((name) => ({ name, instance: handler })));
    expect([...registry.keys()]).toEqual([...JOB_NAMES]);
  });

  it('refuses a job name without a handler', () => {
    expect(() => buildJobRegistry(JOB_NAMES.filter((name) => name !== 'send-token-email' && name !== 'send-daily-digest').map((name) => ({ name, instance: handler })))).toThrow(
      new JobRegistryError('No handler for job(s): send-token-email, send-daily-digest'),
    );
  });

  it('refuses two handlers for one name', () => {
    expect(() =>
      buildJobRegistry([
        { name: 'route-need', instance: handler },
        { name: 'route-need', instance: handler },
      ]),
    ).toThrow('more than one handler');
  });
});
