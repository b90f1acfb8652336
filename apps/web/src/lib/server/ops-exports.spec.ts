import { describe, expect, it } from 'vitest';
import { inboxFilterFromParams } from './ops-exports';

describe('inbox filters of an export link', () => {
  it('reads the inbox page’s French parameters as the API filter', () => {
    const params = new URLSearchParams('q=+trottoir+&statut=transmitted&statut=under_study&statut=transmitted&theme=mobility&commune=49015&retard=oui&seuil=oui&assigne=moi&canal=guichet&tri=anciens');
    expect(inboxFilterFromParams(params)).toEqual({
      filter: { statuses: ['TRANSMITTED', 'UNDER_STUDY'], themeKey: 'mobility', communeCode: '49015', overdue: true, thresholdReached: true, assignee: 'ME', channel: 'GUICHET' },
      q: 'trottoir',
    });
  });

  it('drops values outside their lists', () => {
    const params = new URLSearchParams("statut=pending_confirmation&statut=n-importe&theme=Mob%20ility&commune=1'--&retard=peut-etre&assigne=lui&canal=pigeon");
    expect(inboxFilterFromParams(params)).toEqual({ filter: {}, q: null });
    expect(inboxFilterFromParams(new URLSearchParams('assigne=personne')).filter).toEqual({ assignee: 'NONE' });
  });
});
