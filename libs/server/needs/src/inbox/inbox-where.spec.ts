import { describe, expect, it } from 'vitest';
import { checkInboxFilter, inboxWhere } from './inbox-where.js';

const A = '11111111-1111-4111-8111-111111111111';
const ME = '22222222-2222-4222-8222-222222222222';

describe('inboxWhere', () => {
  it('binds the authority first, after the caller’s parameters, and excludes needs awaiting confirmation', () => {
    const params: unknown[] = ['déjà là'];
    const sql = inboxWhere(A, null, null, params);
    expect(params).toEqual(['déjà là', A]);
    expect(sql).toBe(
      `(n.authority_id = $2::uuid OR EXISTS (SELECT 1 FROM need_co_assignment ca WHERE ca.need_id = n.id AND ca.authority_id = $2::uuid)) AND n.status <> 'pending_confirmation'`,
    );
  });

  it('binds every filter value and the cleaned search words, never inlines them', () => {
    const params: unknown[] = [];
    const sql = inboxWhere(
      A,
      { statuses: ['transmitted', 'transmitted', 'under_study'], themeKey: 'mobility', communeCode: '49007', assignee: 'ME', channel: 'guichet', thresholdReached: true },
      '  trottoir  ',
      params,
      ME,
    );
    expect(params).toEqual([A, ['transmitted', 'under_study'], 'mobility', '49007', ME, 'guichet', 'trottoir']);
    expect(sql).toContain('n.status = ANY($2::text[])');
    expect(sql).toContain('theme_key = $3');
    expect(sql).toContain('n.commune_code = $4');
    expect(sql).toContain('EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)');
    expect(sql).toContain('n.assignee_id = $5::uuid');
    expect(sql).toContain('n.channel = $6');
    expect(sql).toContain("websearch_to_tsquery('french', pit_unaccent($7))");
  });

  it('NONE selects unassigned needs; ME without an actor selects nothing', () => {
    expect(inboxWhere(A, { assignee: 'NONE' }, null, [])).toContain('n.assignee_id IS NULL');
    expect(inboxWhere(A, { assignee: 'ME' }, null, [])).toMatch(/ AND false$/);
  });

  it('refuses values outside their lists, naming the field', () => {
    expect(checkInboxFilter({ statuses: ['pending_confirmation'], channel: 'pigeon', assignee: 'lui', communeCode: "1'; --" }).map((error) => error.field)).toEqual([
      'filter.statuses',
      'filter.communeCode',
      'filter.assignee',
      'filter.channel',
    ]);
    expect(() => inboxWhere(A, { channel: 'pigeon' }, null, [])).toThrow('Choisissez un canal de la liste.');
  });
});
