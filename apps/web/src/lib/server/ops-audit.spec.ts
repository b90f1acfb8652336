import { describe, expect, it } from 'vitest';
import { auditCsvQuery, auditFilterFromParams, parisMidnight } from './ops-audit';

const ID = '3f2c9a1e-1111-4111-8111-111111111111';

describe('audit journal filters', () => {
  it('reads the French parameters; days are Paris days, the last one included', () => {
    const { filter, errors } = auditFilterFromParams(new URLSearchParams(`acteur=${ID}&action=need.*&type=need&du=2026-03-28&au=2026-03-29`));
    expect(errors).toEqual({});
    expect(filter).toEqual({ actorId: ID, action: 'need.*', entityType: 'need', from: '2026-03-27T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    expect(auditCsvQuery(filter)).toBe(`actorId=${ID}&action=need.*&entityType=need&from=2026-03-27T23%3A00%3A00.000Z&to=2026-03-29T22%3A00%3A00.000Z`);
    expect(parisMidnight('2026-07-14').toISOString()).toBe('2026-07-13T22:00:00.000Z');
  });

  it('names each malformed field in French and does not send it', () => {
    const { filter, errors } = auditFilterFromParams(new URLSearchParams('acteur=moi&action=DROP TABLE&type=table&du=hier&au=2026-01-01&collectivite=x'));
    expect(filter).toEqual({ to: '2026-01-01T23:00:00.000Z' });
    expect(Object.keys(errors)).toEqual(['acteur', 'collectivite', 'action', 'type', 'du']);
    expect(auditFilterFromParams(new URLSearchParams('du=2026-02-01&au=2026-01-01')).errors).toEqual({ au: 'La date de fin précède la date de début.' });
  });
});
