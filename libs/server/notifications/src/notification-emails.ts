import { NEED_STATUS_LABELS, isNeedStatus } from '@pit/domain';
import type { MailMessage } from '@pit/core';

/** What an email says about one notification. */
export interface NotificationItem {
  kind: string;
  needTitle: string;
  needReference: string;
  /** status_change: the status entered and the staff's note. */
  status: string | null;
  /** The staff's note, or the public reason of a routing move. */
  note: string | null;
  /** routing: requalification, transfer, co_assignment or co_assignment_end, and the authority it names. */
  routingKind?: string | null;
  routingAuthority?: string | null;
  at: Date;
}

export const UNSUBSCRIBE_PATH = '/notifications/desinscription';
export const PREFERENCES_PATH = '/compte/notifications';

const SIGNATURE = `--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers`;

export function statusLabelFr(status: string | null): string {
  return status && isNeedStatus(status) ? NEED_STATUS_LABELS[status].fr : (status ?? '');
}

/** How a routing move reads in an email: "Le besoin … <move> <authority>." */
const ROUTING_MOVES: Record<string, string> = {
  requalification: 'change de catégorie et est maintenant confié à',
  transfer: 'est transmis à',
  co_assignment: 'est aussi suivi par',
  co_assignment_end: "n'est plus suivi par",
};

/** One sentence (and the link) per item; official answers (issue 5) add their own case here. */
function describe(item: NotificationItem, publicUrl: string): string {
  const link = `${publicUrl}/besoins/${item.needReference}`;
  switch (item.kind) {
    case 'routing':
      return `Le besoin « ${item.needTitle} » (${item.needReference}) ${ROUTING_MOVES[item.routingKind ?? ''] ?? 'a été réorienté vers'} ${item.routingAuthority ?? ''}.${item.note ? `\nMotif : ${item.note}` : ''}\nVoir le besoin : ${link}`;
    case 'status_change':
    default:
      return `Le besoin « ${item.needTitle} » (${item.needReference}) est maintenant : ${statusLabelFr(item.status)}.${item.note ? `\nPrécision : ${item.note}` : ''}\nVoir le besoin : ${link}`;
  }
}

function footer(publicUrl: string, unsubscribeUrl: string): string {
  return (
    `Vous recevez ce message parce que vous avez déposé, soutenu ou suivi ce besoin, ou que votre organisation le soutient.\n` +
    `Choisir entre un courriel à chaque nouveauté et un résumé par jour : ${publicUrl}${PREFERENCES_PATH}\n` +
    `Ne plus recevoir ces courriels : ${unsubscribeUrl}\n\n${SIGNATURE}`
  );
}

/** List-Unsubscribe (RFC 2369) and one-click List-Unsubscribe-Post (RFC 8058), pointing at the web page. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function immediateEmail(to: string, item: NotificationItem, publicUrl: string, unsubscribeUrl: string): MailMessage {
  return {
    to,
    subject: item.kind === 'routing' ? `Besoin ${item.needReference} : nouvelle orientation` : `Besoin ${item.needReference} : ${statusLabelFr(item.status)}`,
    text: `Bonjour,\n\n${describe(item, publicUrl)}\n\n${footer(publicUrl, unsubscribeUrl)}`,
    headers: unsubscribeHeaders(unsubscribeUrl),
  };
}

export function digestEmail(to: string, items: NotificationItem[], publicUrl: string, unsubscribeUrl: string): MailMessage {
  const count = items.length;
  return {
    to,
    subject: count === 1 ? 'Votre résumé du jour : 1 nouveauté' : `Votre résumé du jour : ${count} nouveautés`,
    text:
      `Bonjour,\n\nVoici ce qui a changé depuis votre dernier résumé sur les besoins que vous suivez :\n\n` +
      items.map((item) => `- ${describe(item, publicUrl).replace(/\n/g, '\n  ')}`).join('\n\n') +
      `\n\n${footer(publicUrl, unsubscribeUrl)}`,
    headers: unsubscribeHeaders(unsubscribeUrl),
  };
}
