import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { AccessService, SessionsService } from '@pit/accounts';
import { QueueBackend } from '@pit/core';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Cookie an operator may set instead of the Authorization header (a browser cannot add headers). */
export const QUEUE_BOARD_COOKIE = 'pit_board';

function sessionToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_BOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Bull Board (the BullMQ jobs queue: counts, jobs, retries) under /admin/queues on the api, for platform
 * admins only: the staff session token as `Authorization: Bearer` (or the pit_board cookie), checked with
 * AccessService rule ops.queues before any board route, its assets included. 401 without a session, 403 otherwise.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly backend: QueueBackend,
    private readonly sessions: SessionsService,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    const board = new FastifyAdapter();
    board.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.backend.jobsQueue())],
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Files de tâches' } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.guard(request, reply));
      await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    });
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = sessionToken(request);
    const actor = token ? await this.sessions.resolve(token) : null;
    if (!actor) {
      await reply.status(401).header('cache-control', 'no-store').send({ message: 'Connectez-vous avec une session d’administrateur.' });
      return;
    }
    if (!(await this.access.check(actor, 'ops.queues'))) {
      await reply.status(403).header('cache-control', 'no-store').send({ message: 'La file de tâches est réservée aux administrateurs de la plateforme.' });
    }
  }
}
