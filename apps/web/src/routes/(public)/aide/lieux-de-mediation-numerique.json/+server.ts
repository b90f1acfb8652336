import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiFailure } from '$lib/server/failures';
import { HelpPlacesOpenData } from '$lib/server/ops-help';

// Open data: the help places as rows of the La MedNum/ANCT schema (JSON), for reusers and the national map.
export const GET: RequestHandler = async ({ locals }) => {
  const { helpPlacesSchemaRows } = await locals.api(HelpPlacesOpenData).catch(apiFailure);
  // The schema leaves empty fields out.
  const rows = helpPlacesSchemaRows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)));
  return json(rows, { headers: { 'content-disposition': 'inline; filename="lieux-de-mediation-numerique.json"', 'cache-control': 'public, max-age=300' } });
};
