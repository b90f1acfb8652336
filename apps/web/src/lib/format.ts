// Dates in the page's language (French by default), in the territory's time zone (same output on server and client).
const format = (time: boolean) => (iso: string, locale?: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: time ? 'short' : undefined, timeZone: 'Europe/Paris' }).format(new Date(iso));

export const formatDate = format(false);
export const formatDateTime = format(true);
