import { PRIVACY_RETENTION } from '@pit/domain';
import type { PageServerLoad } from './$types';

// The privacy page: each processing, its legal basis, the data and how long it is kept. The durations
// come from the values the retention jobs enforce (@pit/domain PRIVACY_RETENTION).
export const csr = false;

export const load: PageServerLoad = () => ({ retention: PRIVACY_RETENTION });
