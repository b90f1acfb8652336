import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { AuthorityChoices, type AuthorityRef } from '$lib/server/operations';
import { DisableWebhook, RegisterWebhook, WebhookDeliveries, WebhooksPage } from '$lib/server/ops-webhooks';

// An authority's webhooks for partner back offices, for its agents (and admins, who choose the authority):
// register a URL and its events (the signing secret is shown once, in the action's answer, never stored by
// the web server nor put in a cookie), disable one, see its last deliveries (?envois=<id>). Server-only page:
// plain forms posting to named actions. The API checks authority.webhooks / webhook.manage on every call.

export const csr = false;

const EVENTS = [
  { value: 'need.routed', label: 'Un besoin arrive à la collectivité' },
  { value: 'need.status_changed', label: 'Le statut d’un besoin change' },
  { value: 'need.transferred', label: 'Un besoin est transféré' },
  { value: 'need.requalified', label: 'Un besoin est requalifié' },
] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireResident(locals, url);
  const admin = isAdmin(me);
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!admin && !mine.length) error(403, 'Cette page est réservée aux agents des collectivités.');
  const choices = admin ? (await locals.api(AuthorityChoices).catch(apiFailure)).authorities : mine;
  const requested = url.searchParams.get('collectivite')?.slice(0, 100) ?? '';
  const authority = choices.find((candidate) => candidate.id === (requested || mine[0]?.id)) ?? null;
  if (!authority) return { admin, choices, authority: null, webhooks: [], journal: null, events: EVENTS };
  const { webhooks } = await locals.api(WebhooksPage, { authorityId: authority.id }).catch(apiFailure);
  const shown = webhooks.find((webhook) => webhook.id === url.searchParams.get('envois'));
  const journal = shown ? { webhook: shown, deliveries: (await locals.api(WebhookDeliveries, { webhookId: shown.id }).catch(apiFailure)).webhookDeliveries } : null;
  return { admin, choices, authority, webhooks, journal, events: EVENTS };
};

export const actions: Actions = {
  enregistrer: async ({ request, locals }) => {
    const data = await request.formData();
    const events = data.getAll('events').filter((value): value is string => typeof value === 'string').slice(0, 10);
    const values = { authorityId: field(data, 'authorityId', { max: 100 }), url: field(data, 'url', { max: 600 }), events: events.join(' ') };
    const errors: Record<string, string> = {};
    if (!values.url) errors.url = 'Indiquez l’adresse qui recevra les événements.';
    if (!events.length) errors.events = 'Choisissez au moins un événement.';
    if (!values.authorityId) return invalid('enregistrer', values, errors, ['Choisissez la collectivité.']);
    if (Object.keys(errors).length) return invalid('enregistrer', values, errors);
    try {
      const { registerWebhook } = await locals.api(RegisterWebhook, { authorityId: values.authorityId, input: { url: values.url, events } });
      return { form: 'enregistrer', registered: { url: registerWebhook.webhook.url, secret: registerWebhook.secret } };
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: ['url', 'events'], returnTo: `/collectivite/webhooks?collectivite=${encodeURIComponent(values.authorityId)}` });
    }
  },

  desactiver: async ({ request, locals }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }), authorityId: field(data, 'authorityId', { max: 100 }) };
    try {
      const { disableWebhook } = await locals.api(DisableWebhook, { id: values.id });
      return { form: 'desactiver', disabled: disableWebhook.url };
    } catch (e) {
      return apiFormFailure(e, { form: 'desactiver', values, fields: [], returnTo: `/collectivite/webhooks?collectivite=${encodeURIComponent(values.authorityId)}` });
    }
  },
};
