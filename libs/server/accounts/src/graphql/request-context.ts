import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@pit/core';
import type { Actor, RequestInfo } from '../actor.js';
import { SessionsService } from '../sessions.service.js';

/** What every GraphQL resolver can read about the request (set by ActorGuard). */
export interface GraphqlContext {
  req: { headers: Record<string, string | string[] | undefined>; ip?: string };
  actor?: Actor | null;
  requestInfo?: RequestInfo;
}

/**
 * Actors already resolved for an HTTP request (the api's public rate limit resolves the Bearer token
 * before GraphQL runs): ActorGuard reuses them instead of looking the session up a second time. Keyed by
 * the request object, so nothing outlives the request.
 */
const resolvedActors = new WeakMap<object, Actor | null>();

/** Records the actor (null: unknown or expired token) resolved for `request` (the Fastify request). */
export function rememberActor(request: object, actor: Actor | null): void {
  resolvedActors.set(request, actor);
}

/** Header carrying the web server's shared secret; with it, its forwarded client address is trusted. */
export const WEB_KEY_HEADER = 'x-pit-web-key';

/**
 * Resolves the session (Bearer token) into an actor once per request, for every operation. It never
 * refuses by itself: authorization is AccessService's, called by each resolver.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const graphqlContext = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    if (graphqlContext.actor !== undefined) return true;
    const headers = graphqlContext.req.headers;
    const authorization = header(headers, 'authorization');
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    graphqlContext.requestInfo = { clientIp: this.clientIp(graphqlContext), userAgent: header(headers, 'user-agent')?.slice(0, 300) ?? null };
    const request = graphqlContext.req as object;
    graphqlContext.actor = !token ? null : resolvedActors.has(request) ? resolvedActors.get(request)! : await this.sessions.resolve(token);
    return true;
  }

  private clientIp(context: GraphqlContext): string | null {
    const key = header(context.req.headers, WEB_KEY_HEADER);
    const forwarded = header(context.req.headers, 'x-forwarded-for');
    if (key && forwarded && this.config.webApiKey && safeEqual(key, this.config.webApiKey)) {
      return forwarded.split(',')[0]!.trim().slice(0, 64) || null;
    }
    return context.req.ip ?? null;
  }
}

function header(headers: GraphqlContext['req']['headers'], name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The acting person, or null for an anonymous request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor | null => {
  return GqlExecutionContext.create(context).getContext<GraphqlContext>().actor ?? null;
});

/** The client's address and user agent. */
export const CurrentRequest = createParamDecorator((_data: unknown, context: ExecutionContext): RequestInfo => {
  return GqlExecutionContext.create(context).getContext<GraphqlContext>().requestInfo ?? { clientIp: null, userAgent: null };
});
