import type { MailMessage } from '@pit/core';

/** What an agent's email says of one need arriving at their authority. */
export interface StaffAlertItem {
  needTitle: string;
  needReference: string;
  communeName: string;
  authorityName: string;
  /** initial (routed by the rules), requalification, transfer or co_assignment. */
  kind: string;
  /** The staff's public reason of a move, if any. */
  note: string | null;
}

export const TEAM_PAGE_PATH = '/collectivite/equipe';

const SIGNATURE = `--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers`;

const HOW: Record<string, string> = {
  initial: 'orienté par les règles de compétence',
  requalification: 'requalifié par un agent',
  transfer: 'transmis par un agent',
  co_assignment: 'confié aussi à votre collectivité',
};

function describe(item: StaffAlertItem, publicUrl: string): string {
  return (
    `« ${item.needTitle} » (${item.needReference}, ${item.communeName}) : ${HOW[item.kind] ?? 'arrivé'} vers ${item.authorityName}.` +
    (item.note ? `\nMotif : ${item.note}` : '') +
    `\nTrier ce besoin : ${publicUrl}/collectivite/besoins/${item.needReference}`
  );
}

function footer(publicUrl: string): string {
  return `Vous recevez ce message parce que vous êtes agent de cette collectivité.\nChoisir un courriel à chaque besoin, un résumé par jour ou aucun message : ${publicUrl}${TEAM_PAGE_PATH}\n\n${SIGNATURE}`;
}

export function staffAlertEmail(to: string, item: StaffAlertItem, publicUrl: string): MailMessage {
  return {
    to,
    subject: `Nouveau besoin pour ${item.authorityName} : ${item.needReference}`,
    text: `Bonjour,\n\nUn nouveau besoin est arrivé dans la boîte de votre collectivité :\n\n${describe(item, publicUrl)}\n\n${footer(publicUrl)}`,
  };
}

export function staffDigestEmail(to: string, items: StaffAlertItem[], publicUrl: string): MailMessage {
  const count = items.length;
  return {
    to,
    subject: count === 1 ? 'Votre résumé du jour : 1 nouveau besoin' : `Votre résumé du jour : ${count} nouveaux besoins`,
    text:
      `Bonjour,\n\nVoici les besoins arrivés dans la boîte de votre collectivité depuis votre dernier résumé :\n\n` +
      items.map((item) => `- ${describe(item, publicUrl).replace(/\n/g, '\n  ')}`).join('\n\n') +
      `\n\n${footer(publicUrl)}`,
  };
}
