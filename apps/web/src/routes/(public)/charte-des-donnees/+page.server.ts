import { PRIVACY_RETENTION } from '@pit/domain';
import type { PageServerLoad } from './$types';

// The data charter: the platform's commitments. The durations are those the retention jobs enforce.
export const csr = false;

export const load: PageServerLoad = () => ({ retention: PRIVACY_RETENTION });
