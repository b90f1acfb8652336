import type { MailMessage } from '@pit/core';
import type { TokenPurpose } from '../email-tokens.service.js';

/** Web pages that consume each kind of link (apps/web routes). */
export const TOKEN_LINK_PATHS: Record<TokenPurpose, string> = {
  verify_email: '/compte/verifier',
  reset_password: '/compte/mot-de-passe/nouveau',
  change_email: '/compte/adresse/confirmer',
  confirm_need: '/besoins/confirmer',
  organisation_invitation: '/organisations/invitation',
};

const SIGNATURE = `\n\n--\nPlateforme d'Intelligence Territoriale du Pôle métropolitain Loire Angers\nVous n'êtes pas à l'origine de cette demande ? Ignorez ce message : rien ne se passera.`;

/** Plain-text emails in short sentences: readable on any phone and by screen readers. */
export function tokenEmail(purpose: TokenPurpose, to: string, link: string, context: { organisationName?: string | null; needTitle?: string | null }): MailMessage {
  switch (purpose) {
    case 'verify_email':
      return {
        to,
        subject: 'Confirmez votre adresse électronique',
        text: `Bonjour,\n\nPour confirmer votre adresse et activer votre compte, ouvrez ce lien (valable 7 jours) :\n${link}${SIGNATURE}`,
      };
    case 'reset_password':
      return {
        to,
        subject: 'Choisissez un nouveau mot de passe',
        text: `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :\n${link}\n\nToutes vos sessions ouvertes seront fermées.${SIGNATURE}`,
      };
    case 'change_email':
      return {
        to,
        subject: 'Confirmez votre nouvelle adresse électronique',
        text: `Bonjour,\n\nPour utiliser cette adresse sur votre compte, ouvrez ce lien (valable 1 jour) :\n${link}${SIGNATURE}`,
      };
    case 'confirm_need':
      return {
        to,
        subject: 'Confirmez votre besoin pour le publier',
        text: `Bonjour,\n\nVous avez déposé le besoin « ${context.needTitle ?? ''} ».\nIl sera publié quand vous aurez ouvert ce lien (valable 30 jours) :\n${link}${SIGNATURE}`,
      };
    case 'organisation_invitation':
      return {
        to,
        subject: `Invitation à rejoindre ${context.organisationName ?? 'une organisation'}`,
        text: `Bonjour,\n\nVous êtes invité(e) à rejoindre « ${context.organisationName ?? ''} » sur la plateforme.\nPour accepter, connectez-vous ou créez un compte, puis ouvrez ce lien (valable 14 jours) :\n${link}${SIGNATURE}`,
      };
  }
}
