import type { MailMessage } from '@pit/core';

/** Web pages the emails point to (apps/web routes). */
export const PRIVACY_PATHS = { data: '/compte/donnees', login: '/connexion', privacy: '/confidentialite' } as const;

const SIGNATURE = `\n\n--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers`;

/** Plain text, short sentences. The link itself is not in the email: the page shows it once logged in. */
export function dataExportReadyEmail(publicUrl: string, to: string, pseudonym: string): MailMessage {
  return {
    to,
    subject: 'Vos données sont prêtes à télécharger',
    text:
      `Bonjour ${pseudonym},\n\nLe fichier de vos données est prêt.\nTéléchargez-le depuis la page « Mes données » (connexion nécessaire) :\n` +
      `${publicUrl}${PRIVACY_PATHS.data}\n\nLe lien vaut 7 jours. Ensuite, le fichier est supprimé.${SIGNATURE}`,
  };
}

/** 30 or 7 days before an inactive account is deleted. */
export function inactivityWarningEmail(publicUrl: string, to: string, pseudonym: string, days: number, deleteOn: Date): MailMessage {
  const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(deleteOn);
  return {
    to,
    subject: `Votre compte sera supprimé dans ${days} jours`,
    text:
      `Bonjour ${pseudonym},\n\nVous ne vous êtes pas connecté depuis presque 2 ans.\n` +
      `Sans connexion de votre part, votre compte sera supprimé le ${date}.\n` +
      `Vos besoins et commentaires publics resteront, sous le nom « Compte supprimé ».\n\n` +
      `Pour garder votre compte, connectez-vous simplement :\n${publicUrl}${PRIVACY_PATHS.login}\n\n` +
      `En savoir plus : ${publicUrl}${PRIVACY_PATHS.privacy}${SIGNATURE}`,
  };
}
