import { describe, expect, it } from 'vitest';
import { buildJobRegistry, JobRegistryError } from './job-runner.js';

const handler = { handle: async () => undefined };

describe('job registry', () => {
  it('accepts exactly one handler per job name', () => {
    const registry = buildJobRegistry([{ name: 'route-need', instance: handler }]);
    expect([...registry.keys()]).toEqual(['route-need']);
  });

  it('refuses a job name without a handler', () => {
    expect(() => buildJobRegistry([])).toThrow(new JobRegistryError('No handler for job(s): route-need'));
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
