export const ROLES = ['admin', 'moderator', 'agent', 'mediator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act on shared counter computers: their sessions end after 30 idle minutes. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'moderator', 'agent', 'mediator'];

export interface RoleGrant {
  role: Role;
  authorityId: string | null;
}

/** Who acts: resolved from the session on every request. */
export interface Actor {
  personId: string;
  sessionId: string;
  pseudonym: string;
  roles: RoleGrant[];
}

/** What the api knows of a request besides the actor. */
export interface RequestInfo {
  clientIp: string | null;
  userAgent: string | null;
}
