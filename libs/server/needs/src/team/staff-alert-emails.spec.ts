import { describe, expect, it } from 'vitest';
import { staffAlertEmail, staffDigestEmail, type StaffAlertItem } from './staff-alert-emails.js';

const ITEM: StaffAlertItem = {
  needTitle: 'Un arbre penche sur l’aire de jeux',
  needReference: 'B-7K3M9Q',
  communeName: 'Avrillé',
  authorityName: 'Avrillé',
  kind: 'initial',
  note: null,
};

describe('staff alert emails', () => {
  it('tells one agent of one new need, with the triage link and where to change the choice', () => {
    const message = staffAlertEmail('agent@exemple.fr', ITEM, 'https://besoins.exemple.fr');
    expect(message.subject).toBe('Nouveau besoin pour Avrillé : B-7K3M9Q');
    expect(message.text).toContain('« Un arbre penche sur l’aire de jeux » (B-7K3M9Q, Avrillé) : orienté par les règles de compétence vers Avrillé.');
    expect(message.text).toContain('Trier ce besoin : https://besoins.exemple.fr/collectivite/besoins/B-7K3M9Q');
    expect(message.text).toContain('un résumé par jour ou aucun message : https://besoins.exemple.fr/collectivite/equipe');
  });

  it('lists the day’s needs in one digest, a move with its reason', () => {
    const moved = { ...ITEM, needReference: 'B-2C4D6F', kind: 'transfer', note: 'Le conteneur est sur le parking de la mairie.' };
    const message = staffDigestEmail('agent@exemple.fr', [ITEM, moved], 'https://besoins.exemple.fr');
    expect(message.subject).toBe('Votre résumé du jour : 2 nouveaux besoins');
    expect(message.text).toContain('- « Un arbre penche sur l’aire de jeux » (B-2C4D6F, Avrillé) : transmis par un agent vers Avrillé.\n  Motif : Le conteneur est sur le parking de la mairie.');
    expect(staffDigestEmail('agent@exemple.fr', [ITEM], 'https://besoins.exemple.fr').subject).toBe('Votre résumé du jour : 1 nouveau besoin');
  });
});
