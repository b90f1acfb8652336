// GraphQL document of the paper supports page (/collectivite/soutiens-papier). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface PaperSupportVariables {
  needId: string;
  name: string;
  birthYear: number;
  communeCode: string;
  signatureSeen: boolean;
}

export const RecordPaperSupport = doc<{ recordPaperSupport: { needId: string; supportCount: number } }, { input: PaperSupportVariables }>(
  `mutation RecordPaperSupport($input: PaperSupportInput!) { recordPaperSupport(input: $input) { needId supportCount } }`,
);
