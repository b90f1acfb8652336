import type { MailMessage } from '@pit/core';

const SIGNATURE = `--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers`;

/** A date as agents and residents read it: "26 novembre 2026". */
export function frenchDate(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(at);
}

export interface NeedLine {
  reference: string;
  title: string;
}

const triageLink = (publicUrl: string, reference: string) => `${publicUrl}/collectivite/besoins/${reference}`;

export function overdueReminderEmail(
  to: string,
  need: NeedLine & { authorityName: string; dueAt: Date; assigned: boolean },
  publicUrl: string,
): MailMessage {
  return {
    to,
    subject: `Besoin ${need.reference} : réponse en retard`,
    text:
      `Bonjour,\n\nLe besoin « ${need.title} » (${need.reference}) attendait une réponse de ${need.authorityName} avant le ${frenchDate(need.dueAt)}.\n` +
      (need.assigned ? `Il vous est attribué.\n` : `Il n'est attribué à personne : vous recevez ce rappel comme agent de ${need.authorityName}.\n`) +
      `\nRépondre : ${triageLink(publicUrl, need.reference)}\n\n` +
      `Vous recevez un seul rappel par besoin et par échéance.\n\n${SIGNATURE}`,
  };
}

export interface WeeklyDigest {
  authorityName: string;
  week: string;
  newNeeds: NeedLine[];
  newCount: number;
  overdue: NeedLine[];
  overdueCount: number;
  awaiting: NeedLine[];
  awaitingCount: number;
  mostlyNo: NeedLine[];
}

function section(title: string, count: number, lines: NeedLine[], publicUrl: string): string {
  if (!count) return `${title} : aucun.\n`;
  const more = count > lines.length ? `\n  … et ${count - lines.length} autre(s) dans la boîte de réception.` : '';
  return `${title} : ${count}\n${lines.map((line) => `- ${line.title} (${line.reference}) : ${triageLink(publicUrl, line.reference)}`).join('\n')}${more}\n`;
}

export function weeklyDigestEmail(to: string, digest: WeeklyDigest, publicUrl: string): MailMessage {
  return {
    to,
    subject: `${digest.authorityName} : votre semaine (${digest.newCount} nouveau(x), ${digest.overdueCount} en retard)`,
    text:
      `Bonjour,\n\nLa semaine ${digest.week} pour ${digest.authorityName} :\n\n` +
      section('Nouveaux besoins depuis 7 jours', digest.newCount, digest.newNeeds, publicUrl) +
      '\n' +
      section('Besoins en retard', digest.overdueCount, digest.overdue, publicUrl) +
      '\n' +
      section('Besoins au seuil de soutiens en attente de réponse officielle', digest.awaitingCount, digest.awaiting, publicUrl) +
      (digest.mostlyNo.length
        ? `\n${section('Besoins réalisés jugés insuffisants par une majorité de non (à rouvrir ?)', digest.mostlyNo.length, digest.mostlyNo, publicUrl)}`
        : '') +
      `\nBoîte de réception : ${publicUrl}/collectivite\n\n${SIGNATURE}`,
  };
}

export function serviceFeedbackEmail(to: string, need: NeedLine & { authored: boolean }, publicUrl: string): MailMessage {
  return {
    to,
    subject: `Besoin ${need.reference} : le service vous est-il utile ?`,
    text:
      `Bonjour,\n\nLe besoin « ${need.title} » (${need.reference}), que vous avez ${need.authored ? 'déposé' : 'soutenu'}, a été marqué réalisé il y a quelques semaines.\n\n` +
      `Ce service répond-il au besoin ? Oui, en partie ou non : une réponse suffit, et vous pourrez la changer.\n` +
      `${publicUrl}/besoins/${need.reference}/avis\n\n` +
      `Les réponses sont publiées sous forme de totaux sur la page du besoin ; une majorité de « non » signale le besoin à la collectivité, qui peut le rouvrir.\n` +
      `Vous ne recevrez pas d'autre message à ce sujet.\n\n${SIGNATURE}`,
  };
}
