// Open311 GeoReport v2 wire format: status mapping, the title cut from a description, and the
// XML/JSON renderings (XML by fast-xml-parser's builder, never by hand). Framework-free.
import { XMLBuilder } from 'fast-xml-parser';
import { NEED_LIMITS, NeedStatus } from '@pit/domain';

export type Open311Format = 'xml' | 'json';

/** An Open311 error: rendered as [{code, description}] with this HTTP status. */
export class Open311Error extends Error {
  override name = 'Open311Error';
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 503,
    readonly errors: Array<{ code: number; description: string }>,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(errors.map((error) => error.description).join(' '));
  }
}

export function open311Error(status: Open311Error['status'], description: string, retryAfterSeconds: number | null = null): Open311Error {
  return new Open311Error(status, [{ code: status, description }], retryAfterSeconds);
}

/** Needs the public never sees through Open311 (held ones are excluded in SQL). */
export const OPEN311_INVISIBLE_STATUSES: readonly NeedStatus[] = [NeedStatus.PendingConfirmation, NeedStatus.Hidden];

/** Statuses after which nothing more is expected from the authority: Open311 "closed". */
export const OPEN311_CLOSED_STATUSES: readonly NeedStatus[] = [NeedStatus.Done, NeedStatus.Refused, NeedStatus.Duplicate, NeedStatus.OutOfScope, NeedStatus.Withdrawn];

export function open311Status(status: NeedStatus): 'open' | 'closed' {
  return OPEN311_CLOSED_STATUSES.includes(status) ? 'closed' : 'open';
}

/**
 * The finer status of the servicerequestupdates feed (mySociety's extension values, read by
 * FixMyStreet-style clients); our own status key goes with it as external_status_code.
 */
export function open311ExtendedStatus(status: NeedStatus): string {
  switch (status) {
    case NeedStatus.PendingConfirmation:
    case NeedStatus.Received:
    case NeedStatus.Transmitted:
      return 'OPEN';
    case NeedStatus.UnderStudy:
      return 'INVESTIGATING';
    case NeedStatus.Accepted:
    case NeedStatus.Planned:
      return 'ACTION_SCHEDULED';
    case NeedStatus.InProgress:
      return 'IN_PROGRESS';
    case NeedStatus.Done:
      return 'FIXED';
    case NeedStatus.Refused:
      return 'NO_FURTHER_ACTION';
    case NeedStatus.Duplicate:
      return 'DUPLICATE';
    case NeedStatus.OutOfScope:
      return 'NOT_COUNCILS_RESPONSIBILITY';
    case NeedStatus.Hidden:
    case NeedStatus.Withdrawn:
      return 'CLOSED';
  }
}

/** A need's title from an Open311 description: its first sentence (or line), cut on a word within the title limit. */
export function titleFromDescription(description: string): string {
  const text = description.normalize('NFC').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?…])(\s|$)/.exec(text)?.[1] ?? text;
  const max = NEED_LIMITS.title.max;
  let title = sentence.replace(/[.…]+$/, '').trim();
  if ([...title].length > max) {
    const cut = [...title].slice(0, max - 1).join('');
    const space = cut.lastIndexOf(' ');
    title = `${(space > NEED_LIMITS.title.min ? cut.slice(0, space) : cut).trim()}…`;
  }
  return title;
}

/** ISO 8601 with the timezone (UTC, "+00:00"), seconds precision: what Open311 clients parse. */
export function open311Date(value: Date | string | null): string {
  if (value === null) return '';
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Reads an Open311 date parameter (ISO 8601; a date alone is midnight UTC); null when absent, error when unreadable. */
export function parseOpen311Date(name: string, value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim());
  const date = ok ? new Date(value.trim()) : null;
  if (!date || Number.isNaN(date.getTime())) throw open311Error(400, `${name} must be an ISO 8601 date, e.g. 2026-11-26T09:00:00+01:00.`);
  return date;
}

/** "requests.json" → { name: "requests", format: "json" }; no suffix means XML (the standard's required format). */
export function splitFormat(file: string): { name: string; format: Open311Format } {
  const match = /^(.*)\.(xml|json)$/i.exec(file);
  if (!match) return { name: file, format: 'xml' };
  return { name: match[1]!, format: match[2]!.toLowerCase() as Open311Format };
}

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false, suppressBooleanAttributes: false });

/**
 * Renders a list the Open311 way: JSON as a bare array, XML as `<listName><itemName>…</itemName></listName>`.
 * Null fields become empty elements (XML) or null (JSON).
 */
export function renderList(format: Open311Format, listName: string, itemName: string, items: Array<Record<string, unknown>>): string {
  if (format === 'json') return JSON.stringify(items);
  const body = builder.build({ [listName]: { [itemName]: items.map(xmlValues) } }) as string;
  return `<?xml version="1.0" encoding="utf-8"?>\n${items.length ? body : `<${listName}></${listName}>\n`}`;
}

/** Renders one object (discovery, a service definition): JSON as an object, XML under `rootName`. */
export function renderObject(format: Open311Format, rootName: string, value: Record<string, unknown>): string {
  if (format === 'json') return JSON.stringify(value);
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [rootName]: xmlValues(value) }) as string}`;
}

export function renderErrors(format: Open311Format, error: Open311Error): string {
  return renderList(format, 'errors', 'error', error.errors);
}

export function contentType(format: Open311Format): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
}

// Characters XML 1.0 cannot carry, not even as &#…; references (controls, lone surrogates, U+FFFE/U+FFFF):
// a refused value echoed in an error, or text stored before the input guard, must not break the document.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text an XML 1.0 parser accepts: each forbidden character becomes U+FFFD. */
export function xmlSafeText(text: string): string {
  return text.replace(XML_FORBIDDEN, '\uFFFD');
}

function xmlValues(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return xmlSafeText(value);
  // An empty list is an empty element (<attributes></attributes>), not a missing one.
  if (Array.isArray(value)) return value.length ? value.map(xmlValues) : '';
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, xmlValues(item)]));
  }
  return value;
}
