// Communes and themes change rarely: keep the last answer for a few minutes, and serve it
// stale when the API is down, so a form whose submission failed can still be shown with its values.
import { api } from './api';
import { NeedFormData } from './operations';

type FormData = Awaited<ReturnType<typeof load>>;
const FRESH_MS = 5 * 60_000;
let cached: { at: number; value: FormData } | undefined;

function load() {
  return api(NeedFormData);
}

export async function getReferenceData(): Promise<FormData> {
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.value;
  try {
    const value = await load();
    cached = { at: Date.now(), value };
    return value;
  } catch (e) {
    if (cached) return cached.value;
    throw e;
  }
}
