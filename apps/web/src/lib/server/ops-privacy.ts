// GraphQL documents of "Mes données" (/compte/donnees) and "Supprimer mon compte" (/compte/supprimer).
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export type DataExportStatusEnum = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface DataExportData {
  id: string;
  status: DataExportStatusEnum;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  error: string | null;
  downloadToken: string | null;
}

const EXPORT = 'id status createdAt finishedAt expiresAt expired error downloadToken';

export const MyDataExport = doc<{ myDataExport: DataExportData | null }>(`query MyDataExport { myDataExport { ${EXPORT} } }`);

export const RequestMyDataExport = doc<{ requestMyDataExport: { id: string } }>(`mutation RequestMyDataExport { requestMyDataExport { id } }`);

export const DeleteMyAccount = doc<{ deleteMyAccount: boolean }, { password: string | null; confirmation: string | null }>(
  `mutation DeleteMyAccount($password: String, $confirmation: String) { deleteMyAccount(password: $password, confirmation: $confirmation) }`,
);
