import { describe, expect, it } from 'vitest';
import { NEED_STATUSES, type NeedStatus } from './need-status.js';
import { allowedTransitions, canTransition, requiredFields, transitionActors } from './need-workflow.js';

// Every (from, to) pair written out by hand: Y = staff may move a need from the row's status to the
// column's, . = refused. Columns, in this order:
//   pend = pending_confirmation, recv = received, tran = transmitted, stud = under_study,
//   acce = accepted, plan = planned, prog = in_progress, done, refu = refused, dupl = duplicate,
//   outs = out_of_scope, hidd = hidden, with = withdrawn
const COLUMNS: NeedStatus[] = [
  'pending_confirmation', 'received', 'transmitted', 'under_study', 'accepted', 'planned', 'in_progress',
  'done', 'refused', 'duplicate', 'out_of_scope', 'hidden', 'withdrawn',
];
const EXPECTED: Record<NeedStatus, string> = {
  //                     pend recv tran stud acce plan prog done refu dupl outs hidd with
  pending_confirmation: '.    .    .    .    .    .    .    .    .    .    .    .    .',
  received:             '.    .    .    .    .    .    .    .    .    .    .    Y    .',
  transmitted:          '.    .    .    Y    .    .    .    .    Y    Y    Y    Y    .',
  under_study:          '.    .    .    .    Y    Y    .    .    Y    Y    Y    Y    .',
  accepted:             '.    .    .    Y    .    Y    Y    .    .    .    .    Y    .',
  planned:              '.    .    .    Y    .    .    Y    .    .    .    .    Y    .',
  in_progress:          '.    .    .    .    .    Y    .    Y    .    .    .    Y    .',
  done:                 '.    .    .    Y    .    .    .    .    .    .    .    Y    .',
  refused:              '.    .    .    Y    .    .    .    .    .    .    .    Y    .',
  duplicate:            '.    .    .    Y    .    .    .    .    .    .    .    Y    .',
  out_of_scope:         '.    .    .    Y    .    .    .    .    .    .    .    Y    .',
  hidden:               '.    .    .    .    .    .    .    .    .    .    .    .    .',
  withdrawn:            '.    .    .    .    .    .    .    .    .    .    .    Y    .',
};

describe('need workflow', () => {
  it('covers every status, in the table and in the module', () => {
    expect([...COLUMNS].sort()).toEqual([...NEED_STATUSES].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...NEED_STATUSES].sort());
  });

  const pairs = COLUMNS.flatMap((from) => {
    const cells = EXPECTED[from].trim().split(/\s+/);
    if (cells.length !== COLUMNS.length) throw new Error(`row ${from} must have ${COLUMNS.length} cells`);
    return COLUMNS.map((to, i) => ({ from, to, allowed: cells[i] === 'Y' }));
  });

  it('has 169 pairs, 31 of them allowed', () => {
    expect(pairs).toHaveLength(169);
    expect(pairs.filter((pair) => pair.allowed)).toHaveLength(31);
  });

  it.each(pairs)('$from → $to: $allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
    expect(allowedTransitions(from).includes(to)).toBe(allowed);
  });

  it('never allows staying in the same status', () => {
    for (const status of NEED_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('requires a reason, the kept need or the body to turn to', () => {
    expect(requiredFields('refused')).toEqual(['reason']);
    expect(requiredFields('duplicate')).toEqual(['duplicateOf']);
    expect(requiredFields('out_of_scope')).toEqual(['outsideBody']);
    expect(requiredFields('hidden')).toEqual(['reason']);
    for (const status of ['under_study', 'accepted', 'planned', 'in_progress', 'done'] as const) expect(requiredFields(status)).toEqual([]);
  });

  it('leaves moderation to moderators and admins, the rest to agents and admins', () => {
    expect(transitionActors('hidden')).toEqual(['moderator', 'admin']);
    for (const status of ['under_study', 'accepted', 'planned', 'in_progress', 'done', 'refused', 'duplicate', 'out_of_scope'] as const) {
      expect(transitionActors(status)).toEqual(['agent', 'admin']);
    }
  });
});
