// Bridges the GraphQL enum (RECEIVED) and the shared domain vocabulary (received).
import { isNeedStatus, NEED_STATUS_LABELS, NeedStatus } from '@pit/domain';

/** GraphQL spelling of a status, e.g. "OUT_OF_SCOPE". */
export type ApiNeedStatus = Uppercase<NeedStatus>;

export function toDomainStatus(status: string): NeedStatus | null {
  const lower = status.toLowerCase();
  return isNeedStatus(lower) ? lower : null;
}

export function toApiStatus(status: NeedStatus): ApiNeedStatus {
  return status.toUpperCase() as ApiNeedStatus;
}

/** Label of a GraphQL status in French (or English); falls back to the label the API sent. */
export function statusLabel(status: string, fallback = '', locale?: string): string {
  const domain = toDomainStatus(status);
  return domain ? NEED_STATUS_LABELS[domain][locale === 'en' ? 'en' : 'fr'] : fallback || status;
}

/** Statuses a visitor can filter the public list on (the ones the public list shows). */
export const FILTERABLE_STATUSES: readonly NeedStatus[] = Object.values(NeedStatus).filter(
  (s) => s !== NeedStatus.PendingConfirmation && s !== NeedStatus.Hidden,
);

export function isFilterableStatus(value: string): value is NeedStatus {
  return (FILTERABLE_STATUSES as readonly string[]).includes(value);
}
