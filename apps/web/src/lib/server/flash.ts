// One-time notices after a redirect (Post/Redirect/Get): a key in a short-lived cookie, read by the
// root layout on the next page. Only keys travel, so no text from a request is ever echoed.
import type { Cookies } from '@sveltejs/kit';

export const NOTICES = {
  inscription:
    'Votre compte est créé. Nous vous avons envoyé un lien par courriel : ouvrez-le pour confirmer votre adresse électronique.',
  connexion: 'Vous êtes connecté.',
  deconnexion: 'Vous êtes déconnecté.',
  'deconnexion-partout': 'Toutes vos sessions sont fermées. Connectez-vous à nouveau pour continuer.',
  'adresse-verifiee': 'Votre adresse électronique est confirmée. Merci !',
  'adresse-changee': 'Votre nouvelle adresse électronique est enregistrée.',
  'adresse-demandee': 'Nous avons envoyé un lien à votre nouvelle adresse : ouvrez-le pour confirmer le changement.',
  'mot-de-passe-reinitialise': 'Votre mot de passe est changé et vos sessions sont fermées. Connectez-vous avec votre nouveau mot de passe.',
  'mot-de-passe-change': 'Votre mot de passe est changé. Vos autres sessions sont fermées.',
  'pseudonyme-change': 'Votre pseudonyme est enregistré.',
  'session-fermee': 'La session est fermée.',
  'organisation-creee': "L'organisation est créée. Un administrateur vérifiera son numéro ; vous pouvez déjà inviter ses membres.",
  'invitation-envoyee': "L'invitation est envoyée par courriel. La personne doit se connecter (ou créer un compte) puis ouvrir le lien.",
  'membre-retire': 'Le membre est retiré de l’organisation.',
  'organisation-rejointe': "Vous êtes maintenant membre de l'organisation.",
  'organisation-verifiee': "L'organisation est vérifiée.",
  'role-attribue': 'Le rôle est attribué. La personne devra se reconnecter pour l’utiliser.',
  'role-retire': 'Le rôle est retiré.',
  'besoin-confirme': 'Votre besoin est confirmé : il est maintenant public.',
  'soutien-enregistre': 'Votre soutien est enregistré. Merci !',
  'soutien-retire': 'Votre soutien est retiré.',
  'suivi-active': 'Vous suivez ce besoin : vous serez informé de ses changements de statut et de la réponse officielle.',
  'suivi-arrete': 'Vous ne suivez plus ce besoin.',
  'soutien-organisation-publie': 'Le soutien de votre organisation est publié sur la page du besoin.',
  'soutien-organisation-retire': 'Le soutien de votre organisation est retiré.',
  'seuil-enregistre': 'Le seuil de soutiens et le délai de réponse sont enregistrés.',
  'avis-enregistre': 'Merci : votre avis sur le service est enregistré. Vous pouvez le changer à tout moment.',
  'soutien-papier-enregistre': 'Le soutien est enregistré et compté. Saisissez le suivant.',
  'brouillon-enregistre': 'Votre brouillon est enregistré. Retrouvez-le dans « Mes besoins ».',
  'brouillon-supprime': 'Le brouillon est supprimé.',
  'besoin-modifie': 'Vos modifications sont publiées.',
  'besoin-retire': 'Votre besoin est retiré. Il reste visible, marqué « retiré par son auteur ».',
  'commentaire-publie': 'Votre commentaire est publié.',
  'commentaire-modifie': 'Votre commentaire est modifié.',
  'commentaire-supprime': 'Votre commentaire est supprimé.',
  'commentaire-signale': 'Merci : le commentaire est signalé à la modération.',
  'notifications-enregistrees': 'Vos préférences de notification sont enregistrées.',
  'notifications-desactivees': 'Vous ne recevrez plus de courriels de notification. Vous pouvez les réactiver depuis votre compte.',
  'statut-change': 'Le statut du besoin est changé ; les personnes qui le suivent sont prévenues.',
  'besoin-requalifie': 'Le besoin est requalifié : il suit maintenant la collectivité compétente pour sa nouvelle catégorie.',
  'besoin-transfere': 'Le besoin est transféré ; le motif est affiché sur sa page publique.',
  'besoin-attribue': 'L’attribution du besoin est enregistrée.',
  'note-interne-ajoutee': 'La note interne est ajoutée. Elle n’est visible que par les agents.',
  'modele-enregistre': 'Le modèle de réponse est enregistré.',
  'modele-supprime': 'Le modèle de réponse est supprimé.',
  'lieu-enregistre': 'Le lieu d’aide est enregistré. Il apparaît sur la page « Où trouver de l’aide ».',
  'lieu-supprime': 'Le lieu d’aide est supprimé.',
  'donnees-demandees': 'Votre demande est enregistrée : le fichier est préparé en quelques instants. Nous vous prévenons aussi par courriel.',
  'compte-supprime': 'Votre compte est supprimé. Vos données personnelles sont effacées.',
  'export-demande': 'L’export est demandé : il est préparé en quelques instants, suivez sa progression ci-dessous.',
  'besoin-signale': 'Merci : le besoin est signalé à la modération.',
  'besoin-approuve': 'Le besoin est approuvé : il est maintenant public.',
  'besoin-rejete': 'Le besoin est rejeté : il est masqué et son auteur voit le motif.',
  'besoin-masque': 'Le besoin est masqué ; le motif est affiché publiquement.',
  'besoin-retabli': 'Le besoin est rétabli dans le statut qu’il avait avant d’être masqué.',
  'signalements-classes': 'Les signalements sont classés sans suite.',
  'premoderation-activee': 'La pré-modération est activée : les nouveaux besoins attendront une approbation avant d’être publics.',
  'premoderation-desactivee': 'La pré-modération est désactivée : les nouveaux besoins sont publics dès leur transmission.',
  'commentaire-publie-masque':
    'Votre commentaire est publié. Nous y avons masqué un numéro de téléphone ou une adresse e-mail : ne publiez pas de coordonnées personnelles.',
  'besoin-fusionne': 'Le besoin est fusionné. Ses soutiens sont invités par courriel à reporter leur soutien sur le besoin conservé.',
  'soutien-reporte': 'Votre soutien est reporté sur le besoin conservé.',
  'soutien-non-reporte': 'Votre soutien reste sur le besoin fusionné.',
  'regle-enregistree': 'La règle d’orientation est enregistrée. Elle s’applique aux besoins déposés à partir de maintenant.',
  'regle-supprimee': 'La règle d’orientation est supprimée. Les besoins déjà orientés gardent leur orientation.',
  'alertes-enregistrees': 'Votre choix d’alertes pour les nouveaux besoins est enregistré.',
  'besoins-confies': 'Les besoins sont confiés à votre collègue.',
  'agent-retire': 'L’agent est retiré de l’équipe : ses besoins reviennent dans la file des besoins non attribués.',
  'coattribution-enregistree': 'La collectivité travaille maintenant aussi sur ce besoin ; le motif est affiché sur sa page publique.',
  'coattribution-retiree': 'La collectivité ne travaille plus sur ce besoin.',
  'commentaire-masque': 'Le commentaire est masqué ; le motif est affiché à sa place.',
  'tache-faite': 'La tâche est notée comme faite.',
  'mandat-revoque': 'Le mandat est révoqué : le nom et le contact de la personne sont effacés.',
  'besoin-rattache': 'Le besoin est rattaché à votre compte. Vous serez informé de ses changements de statut.',
} as const;

export type NoticeKey = keyof typeof NOTICES;

const COOKIE = 'pit_notice';

export function flash(cookies: Cookies, url: URL, key: NoticeKey): void {
  cookies.set(COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 60 });
}

/** The pending notice (and forget it), or null. */
export function takeNotice(cookies: Cookies, url: URL): string | null {
  const key = cookies.get(COOKIE);
  if (key === undefined) return null;
  cookies.delete(COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
  return Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : null;
}
