import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { MyDataExport, RequestMyDataExport } from '$lib/server/ops-privacy';

// "Télécharger mes données": ask for the file of everything the platform holds about oneself, follow
// its preparation (the page refreshes itself without JavaScript while the job runs), download it for
// 7 days. Server-only; the API checks `account.self` and that the file is one's own.
export const csr = false;

/** Why a download link was refused (?lien=…, set by telecharger/+server.ts): keys only travel in the URL. */
const LINK_PROBLEMS = {
  expire: 'Ce lien de téléchargement a expiré (il vaut 7 jours) : demandez un nouveau fichier.',
  introuvable: "Ce lien de téléchargement n'est pas valide ou le fichier n'existe plus : utilisez le lien ci-dessous ou demandez un nouveau fichier.",
  refuse: 'Seule la personne concernée peut télécharger ce fichier.',
} as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireResident(locals, url);
  const { myDataExport: latest } = await locals.api(MyDataExport).catch(apiFailure);
  const building = latest?.status === 'QUEUED' || latest?.status === 'RUNNING';
  const lien = url.searchParams.get('lien') ?? '';
  return {
    latest: latest && {
      ...latest,
      download: latest.downloadToken ? `/compte/donnees/telecharger?fichier=${latest.id}&jeton=${encodeURIComponent(latest.downloadToken)}` : null,
    },
    building,
    refresh: building && url.searchParams.get('actualiser') !== 'non',
    linkProblem: Object.hasOwn(LINK_PROBLEMS, lien) ? LINK_PROBLEMS[lien as keyof typeof LINK_PROBLEMS] : null,
  };
};

export const actions: Actions = {
  demander: async ({ locals, cookies, url }) => {
    try {
      await locals.api(RequestMyDataExport);
    } catch (e) {
      return apiFormFailure(e, { form: 'demander', values: {}, fields: [], returnTo: '/compte/donnees' });
    }
    flash(cookies, url, 'donnees-demandees');
    redirect(303, '/compte/donnees');
  },
};
