// GraphQL documents of the open-data page (/donnees) and the public moderation log (/donnees/moderation).
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface OpenDataFileData {
  day: string;
  format: string;
  fileName: string;
  schemaName: string;
  rowCount: number;
  bytes: number;
}

export interface ModerationLogMonthData {
  month: string;
  needsHidden: number;
  needsRestored: number;
  commentsHidden: number;
  reportsReceived: number;
  reports: { reason: string; label: string; count: number }[];
}

export const OpenDataFiles = doc<{ openDataFiles: OpenDataFileData[] }>(`query OpenDataFiles { openDataFiles { day format fileName schemaName rowCount bytes } }`);

export const ModerationLog = doc<{ moderationLog: ModerationLogMonthData[] }, { months: number }>(
  `query ModerationLog($months: Int) { moderationLog(months: $months) { month needsHidden needsRestored commentsHidden reportsReceived reports { reason label count } } }`,
);

/** What the browser downloads from this site: /donnees/fichiers/<day>/<file>, /donnees/schema/<file>. */
export const OPEN_DATA_FILE = /^besoins\.(csv|json|geojson)$/;
export const OPEN_DATA_SCHEMA = /^besoins-(csv|json|geojson)\.schema\.json$/;
export const OPEN_DATA_DAY = /^\d{4}-\d{2}-\d{2}$/;
