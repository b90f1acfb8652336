import { describe, expect, it } from 'vitest';
import { buildJobRegistry, JobRegistryError } from './job-runner.js';

const handler = { handle: async () => undefined };

describe('job registry', () => {
  it('accepts exactly one handler per job name', () => {
    const registry = buildJobRegistry([
      { name: 'route-need', instance: handler },
      { name: 'send-token-email', instance: handler },
      { name: 'notify-need-change', instance: handler },
      { name: 'send-notification-email', instance: handler },
      { name: 'send-daily-digest', instance: handler },
    ]);
    expect([...registry.keys()]).toEqual(['route-need', 'send-token-email', 'notify-need-change', 'send-notification-email', 'send-daily-digest']);
  });

  it('refuses a job name without a handler', () => {
    expect(() => buildJobRegistry([{ name: 'route-need', instance: handler }])).toThrow(
      new JobRegistryError('No handler for job(s): send-token-email, notify-need-change, send-notification-email, send-daily-digest'),
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
