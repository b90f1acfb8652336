// Which authority a back-office page shows: agents see theirs (the first by default), admins choose
// any (?collectivite=<id>). Others get a 403 page. The API checks every call again.
import { error } from '@sveltejs/kit';
import { isAdmin } from './guards';
import type { AuthorityRef, MeData } from './operations';

export interface AuthorityScope {
  admin: boolean;
  /** The authorities the person is an agent of. */
  mine: AuthorityRef[];
  /** The authority asked for, or the person's first; '' for an admin who is nobody's agent and chose none. */
  authorityId: string;
}

export function authorityScope(me: MeData, url: URL): AuthorityScope {
  const admin = isAdmin(me);
  const mine: AuthorityRef[] = me.roles.flatMap((grant) => (grant.role === 'AGENT' && grant.authority ? [grant.authority] : []));
  if (!admin && !mine.length) error(403, 'Cette page est réservée aux agents des collectivités.');
  return { admin, mine, authorityId: url.searchParams.get('collectivite')?.slice(0, 100) || mine[0]?.id || '' };
}
