import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { DeleteRoutingRule, LEVEL_LABELS, RoutingRulesPage, SaveRoutingRule, type CompetenceLevelEnum } from '$lib/server/ops-routing';

// Admins edit the routing rules (category × EPCI, optional commune → level and sentence shown to
// residents), filtered by EPCI and theme; edit with ?modifier=<id>. An edit applies to needs routed
// afterwards. The (staff) layout admits admins only; the API checks routing.manage on every call.

const CODE = /^[0-9A-Za-z-]{1,20}$/;
const KEY = /^[a-z0-9_]{1,100}$/;

export const load: PageServerLoad = async ({ locals, url }) => {
  const epciParam = url.searchParams.get('epci') ?? '';
  const themeParam = url.searchParams.get('theme') ?? '';
  const themeKey = KEY.test(themeParam) ? themeParam : null;
  // Without a chosen EPCI: the first one (there are a few, with ~40 rules each).
  let data = await locals.api(RoutingRulesPage, { epciCode: CODE.test(epciParam) ? epciParam : null, themeKey }).catch(apiFailure);
  let epciCode = data.epcis.find((epci) => epci.code === epciParam)?.code ?? null;
  if (!epciCode && data.epcis.length) {
    epciCode = data.epcis[0]!.code;
    data = await locals.api(RoutingRulesPage, { epciCode, themeKey }).catch(apiFailure);
  }
  const editing = data.routingRules.find((rule) => rule.id === url.searchParams.get('modifier')) ?? null;
  return { ...data, epciCode, themeKey, editing, levels: Object.entries(LEVEL_LABELS) as [CompetenceLevelEnum, string][] };
};

const pageOf = (epciCode: string, themeKey: string) =>
  `/admin/routage?epci=${encodeURIComponent(epciCode)}${themeKey ? `&theme=${encodeURIComponent(themeKey)}` : ''}`;

const FIELDS = ['categoryKey', 'epciCode', 'communeCode', 'level', 'sentence', 'externalAuthorityId'] as const;

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = {
      id: field(data, 'id', { max: 100 }),
      categoryKey: field(data, 'categoryKey', { max: 100 }),
      epciCode: field(data, 'epciCode', { max: 20 }),
      communeCode: field(data, 'communeCode', { max: 20 }),
      level: field(data, 'level', { max: 20 }),
      sentence: field(data, 'sentence', { max: 2000 }),
      externalAuthorityId: field(data, 'externalAuthorityId', { max: 100 }),
      theme: field(data, 'theme', { max: 100 }),
    };
    const errors: Record<string, string> = {};
    if (!values.categoryKey) errors.categoryKey = 'Choisissez une catégorie.';
    if (!values.epciCode) errors.epciCode = 'Choisissez une intercommunalité (EPCI).';
    if (values.communeCode && !/^\d[\dAB]\d{3}$/.test(values.communeCode)) errors.communeCode = 'Indiquez le code INSEE de la commune (5 caractères), ou laissez vide.';
    const level = (Object.keys(LEVEL_LABELS) as CompetenceLevelEnum[]).find((candidate) => candidate === values.level);
    if (!level) errors.level = 'Choisissez un niveau.';
    if (!values.sentence) errors.sentence = 'Écrivez la phrase montrée aux habitants.';
    if (Object.keys(errors).length) return invalid('enregistrer', values, errors);
    const back = pageOf(values.epciCode, values.theme);
    try {
      await locals.api(SaveRoutingRule, {
        input: {
          id: values.id || null,
          categoryKey: values.categoryKey,
          epciCode: values.epciCode,
          communeCode: values.communeCode || null,
          level: level!,
          sentence: values.sentence,
          externalAuthorityId: level === 'EXTERNAL' ? values.externalAuthorityId || null : null,
        },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: FIELDS, returnTo: back });
    }
    flash(cookies, url, 'regle-enregistree');
    redirect(303, back);
  },

  supprimer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }), epciCode: field(data, 'epciCode', { max: 20 }), theme: field(data, 'theme', { max: 100 }) };
    const back = pageOf(values.epciCode, values.theme);
    try {
      await locals.api(DeleteRoutingRule, { id: values.id });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values, fields: [], returnTo: back });
    }
    flash(cookies, url, 'regle-supprimee');
    redirect(303, back);
  },
};
