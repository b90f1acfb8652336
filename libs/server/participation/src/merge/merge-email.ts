import type { MailMessage } from '@pit/core';

export interface CarryOverEmailFacts {
  fromReference: string;
  fromTitle: string;
  intoReference: string;
  intoTitle: string;
  reason: string;
}

const SIGNATURE = `--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers`;

/** The question a supporter of a merged need receives: carry the support over, or not (nothing moves without an answer). */
export function carryOverEmail(to: string, facts: CarryOverEmailFacts, publicUrl: string): MailMessage {
  return {
    to,
    subject: `Besoin ${facts.fromReference} fusionné : reporter votre soutien ?`,
    text:
      `Bonjour,\n\n` +
      `Vous soutenez le besoin « ${facts.fromTitle} » (${facts.fromReference}). La collectivité l'a fusionné dans le besoin ` +
      `« ${facts.intoTitle} » (${facts.intoReference}), qui décrit la même situation.\nMotif : ${facts.reason}\n\n` +
      `Souhaitez-vous reporter votre soutien sur le besoin ${facts.intoReference} ? Rien ne change sans votre accord.\n` +
      `Répondre : ${publicUrl}/compte/soutiens\n` +
      `Voir le besoin conservé : ${publicUrl}/besoins/${facts.intoReference}\n\n` +
      `Vous recevez ce message parce que vous avez soutenu le besoin ${facts.fromReference}.\n\n${SIGNATURE}`,
  };
}
