// Form actions: reading posted fields, and turning API refusals into the page's error summary.
import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { FormFailure } from '$lib/forms';
import { loginUrl } from '../return-path';
import { ApiError, ApiUnavailableError } from './api';
import { UNAVAILABLE_MESSAGE } from './failures';

/** A posted text field, trimmed (passwords: { trim: false }), cut at `max` characters. */
export function field(data: FormData, name: string, { trim = true, max = 1000 }: { trim?: boolean; max?: number } = {}): string {
  const value = data.get(name);
  if (typeof value !== 'string') return '';
  const cut = (trim ? value.trim() : value).slice(0, max);
  // Never cut a character in two: half an emoji is a lone surrogate, which encodeURIComponent throws on.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function invalid(form: string, values: Record<string, string>, errors: Record<string, string>, other: string[] = []): ActionFailure<FormFailure> {
  return fail(400, { form, values, errors, other });
}

export interface FailureOptions {
  form: string;
  values: Record<string, string>;
  /** Field names of the form; an API field is matched by its last segment (input.email → email). */
  fields: readonly string[];
  /** API field name → form field name, when they differ (password → emailPassword). */
  aliases?: Record<string, string>;
  /** Path to come back to after logging in, when the session ended meanwhile. */
  returnTo: string;
}

/**
 * The answer of an action whose API call failed: field errors (BAD_USER_INPUT), a pause
 * (TOO_MANY_REQUESTS, message shown as the API wrote it), a refusal, or an outage.
 * A session that ended meanwhile sends the visitor to the login page.
 */
export function apiFormFailure(e: unknown, { form, values, fields, aliases = {}, returnTo }: FailureOptions): ActionFailure<FormFailure> {
  if (e instanceof ApiError) {
    switch (e.code) {
      case 'BAD_USER_INPUT': {
        const errors: Record<string, string> = {};
        const other: string[] = [];
        for (const { field: path, message } of e.fields) {
          const last = path.split('.').pop() ?? path;
          const name = aliases[last] ?? last;
          if (fields.includes(name)) errors[name] ??= message;
          else other.push(message);
        }
        if (!Object.keys(errors).length && !other.length) other.push(e.message);
        return fail(400, { form, values, errors, other });
      }
      case 'TOO_MANY_REQUESTS':
        return fail(429, { form, values, errors: {}, other: [e.message], heading: 'Trop de tentatives' });
      case 'UNAUTHENTICATED':
        return redirect(303, loginUrl(returnTo));
      case 'FORBIDDEN':
        return fail(403, { form, values, errors: {}, other: [e.message] });
    }
  }
  if (e instanceof ApiError || e instanceof ApiUnavailableError) {
    console.error(e);
    return fail(503, { form, values, errors: {}, other: [UNAVAILABLE_MESSAGE], unavailable: true, heading: 'Action impossible pour le moment' });
  }
  throw e;
}
