import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { requireResident } from '$lib/server/guards';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { MyNotificationSettings, SetNotificationMode, type NotificationModeEnum } from '$lib/server/operations';

export const csr = false;

const MODES: NotificationModeEnum[] = ['DIGEST', 'IMMEDIATE', 'OFF'];

export const load: PageServerLoad = async ({ locals, url }) => {
  requireResident(locals, url);
  const { myNotificationSettings } = await locals.api(MyNotificationSettings).catch(apiFailure);
  return { settings: myNotificationSettings };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const mode = field(await request.formData(), 'mode', { max: 20 }) as NotificationModeEnum;
    if (!MODES.includes(mode)) return invalid('notifications', { mode }, { mode: 'Choisissez une des options proposées.' });
    try {
      await locals.api(SetNotificationMode, { mode });
    } catch (e) {
      return apiFormFailure(e, { form: 'notifications', values: { mode }, fields: ['mode'], returnTo: '/compte/notifications' });
    }
    flash(cookies, url, 'notifications-enregistrees');
    redirect(303, '/compte/notifications');
  },
};
