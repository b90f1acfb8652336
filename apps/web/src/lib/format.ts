// Dates in the page's language (French by default), in the territory's time zone (same output on server and client).
const TIME_ZONE = 'Europe/Paris';
const formats = new Map<string, Intl.DateTimeFormat>();

function format(iso: string, locale: string | undefined, time: boolean): string {
  const tag = locale === 'en' ? 'en-GB' : 'fr-FR';
  const key = tag + time;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: time ? 'short' : undefined, timeZone: TIME_ZONE })));
  return f.format(new Date(iso));
}

export function formatDate(iso: string, locale?: string): string {
  return format(iso, locale, false);
}

export function formatDateTime(iso: string, locale?: string): string {
  return format(iso, locale, true);
}
