import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { describeUserAgent } from '$lib/user-agent';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { requireResident } from '$lib/server/guards';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { LogOutEverywhere, MySessions, RevokeSession } from '$lib/server/operations';
import { clearSessionCookie } from '$lib/server/session';

export const csr = false;

const METHODS: Record<string, string> = { password: 'mot de passe', franceconnect: 'FranceConnect', proconnect: 'ProConnect' };

export const load: PageServerLoad = async ({ locals, url }) => {
  // Page and layout loads run side by side: check here too, before any API call.
  requireResident(locals, url);
  const { mySessions } = await locals.api(MySessions).catch(apiFailure);
  return {
    sessions: mySessions.map((s) => ({
      id: s.id,
      current: s.current,
      device: describeUserAgent(s.userAgent),
      method: METHODS[s.authMethod] ?? s.authMethod,
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
    })),
  };
};

export const actions: Actions = {
  revoke: async ({ request, locals, cookies, url }) => {
    const sessionId = field(await request.formData(), 'sessionId', { max: 100 });
    if (!sessionId) return invalid('revoke', {}, {}, ['Choisissez une session à fermer.']);
    try {
      await locals.api(RevokeSession, { sessionId });
    } catch (e) {
      return apiFormFailure(e, { form: 'revoke', values: {}, fields: [], returnTo: '/compte/sessions' });
    }
    flash(cookies, url, 'session-fermee');
    redirect(303, '/compte/sessions');
  },

  everywhere: async ({ locals, cookies, url }) => {
    try {
      await locals.api(LogOutEverywhere);
    } catch (e) {
      return apiFormFailure(e, { form: 'everywhere', values: {}, fields: [], returnTo: '/compte/sessions' });
    }
    clearSessionCookie(cookies, url);
    flash(cookies, url, 'deconnexion-partout');
    redirect(303, '/connexion');
  },
};
