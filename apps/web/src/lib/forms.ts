// What a failed form action sends back to its page (shared by the server and the components).

export interface FormFailure {
  /** Which form of the page failed (pages with several forms show the errors on the right one). */
  form: string;
  /** Values to put back in the fields; never passwords. */
  values: Record<string, string>;
  /** Error of each field, by field name (= the input's id). */
  errors: Record<string, string>;
  /** Messages that belong to no field, shown in the summary. */
  other: string[];
  /** The API could not be reached: nothing was saved. */
  unavailable?: boolean;
  /** Heading of the summary instead of the error count (a pause, an outage). */
  heading?: string;
}

export function errorCount(failure: FormFailure | null | undefined): number {
  if (!failure) return 0;
  return Object.keys(failure.errors).length + failure.other.length;
}

/** aria-describedby of a field: its error first, then its hint. */
export function describedBy(name: string, error: string | undefined, hint: boolean): string | undefined {
  const ids = [error ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
