import opening_hours from 'opening_hours';

/**
 * Opening hours in the OpenStreetMap `opening_hours` format (what the La MedNum/ANCT schema's
 * `horaires` field holds), checked and rendered in plain French with the `opening_hours` library.
 */

// A French locale for the parser's messages; holidays (PH) need a country.
const NOMINATIM = { lat: 47.47, lon: -0.55, address: { country_code: 'fr', state: 'Pays de la Loire' } };
const OPTIONS = { mode: 0, locale: 'fr', warnings_severity: 4 };

export const OPENING_HOURS_MAX = 500;

/** null when the value is valid; else a French message saying what is wrong. */
export function openingHoursError(value: string): string | null {
  if ([...value].length > OPENING_HOURS_MAX) return `Les horaires doivent tenir en ${OPENING_HOURS_MAX} caractères.`;
  try {
    const parsed = new opening_hours(value, NOMINATIM, OPTIONS as never);
    const warnings = parsed.getWarnings();
    if (warnings.length) return `Horaires au format OpenStreetMap à corriger : ${firstReason(warnings[0]!)}`;
    return null;
  } catch (error) {
    return `Horaires au format OpenStreetMap non reconnus (exemple : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 ») : ${firstReason(String(error))}`;
  }
}

/** The parser's first reason, without its position marker: "Mo-Fr 25:00 <--- (La plage…)" → "La plage…". */
function firstReason(message: string): string {
  const match = /<--- \(([^)]*)\)/.exec(message);
  return (match ? match[1]! : message).trim().slice(0, 300);
}

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** 9:00 → "9 h", 13:30 → "13 h 30", midnight at the end of a day → "minuit". */
function time(date: Date, end: boolean): string {
  const h = date.getHours();
  const m = date.getMinutes();
  if (end && h === 0 && m === 0) return 'minuit';
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

/**
 * The weekly hours in short French sentences, one per group of days with the same hours:
 * "Du lundi au vendredi : de 9 h à 12 h 30 et de 13 h 30 à 17 h.", "Samedi : de 9 h à 12 h.",
 * "Fermé le dimanche.", then the rules' comments ("sur rendez-vous") and public holidays.
 * Computed on a reference week without public holidays (2 to 8 March 2026), in local time.
 */
export function openingHoursInFrench(value: string): string[] {
  let parsed: opening_hours;
  try {
    parsed = new opening_hours(value, NOMINATIM, OPTIONS as never);
  } catch {
    return [];
  }
  if (value.trim() === '24/7') return ['Ouvert tous les jours, 24 heures sur 24.'];
  const perDay: string[][] = DAYS.map(() => []);
  const comments = new Set<string>();
  for (let day = 0; day < 7; day++) {
    const from = new Date(2026, 2, 2 + day);
    const to = new Date(2026, 2, 3 + day);
    for (const [start, end, unknown, comment] of parsed.getOpenIntervals(from, to)) {
      perDay[day]!.push(`de ${time(start, false)} à ${time(end, true)}${unknown && !comment ? ' (à confirmer)' : ''}`);
      if (comment) comments.add(comment);
    }
  }
  const lines: string[] = [];
  const closed: string[] = [];
  for (let day = 0; day < 7; ) {
    const hours = perDay[day]!.join(' et ');
    let last = day;
    while (last + 1 < 7 && perDay[last + 1]!.join(' et ') === hours) last++;
    const span = last === day ? capitalize(DAYS[day]!) : last === day + 1 ? `${capitalize(DAYS[day]!)} et ${DAYS[last]}` : `Du ${DAYS[day]} au ${DAYS[last]}`;
    if (hours) lines.push(`${span} : ${hours}.`);
    else for (let d = day; d <= last; d++) closed.push(DAYS[d]!);
    day = last + 1;
  }
  if (!lines.length) lines.push('Pas d’horaires d’ouverture réguliers.');
  if (closed.length) lines.push(`Fermé le ${joinFrench(closed)}.`);
  for (const comment of comments) lines.push(`${capitalize(comment)}.`.replace(/\.\.$/, '.'));
  if (/\bPH\s+off\b/.test(value)) lines.push('Fermé les jours fériés.');
  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinFrench(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}
