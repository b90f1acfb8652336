// Text a person could have typed: no control characters (tab, line feed and carriage return apart), no
// lone UTF-16 surrogates, no U+FFFD/U+FFFE/U+FFFF (what bytes that were not UTF-8 decode to). PostgreSQL
// refuses NUL outright (a 500 before this check) and XML 1.0 cannot carry the other controls at all.
const MALFORMED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const MALFORMED_TEXT_MESSAGE = 'Ce texte contient des caractères invalides (caractères de contrôle ou octets qui ne sont pas du texte) : retirez-les.';
export const INVALID_ID_MESSAGE = "Cet identifiant n'est pas valide.";

export function isMalformedText(value: string): boolean {
  return MALFORMED.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id of this platform is a UUID (the GraphQL ID scalar included). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
