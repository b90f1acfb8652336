// Downloads for the web server (the browser never talks to the api), with the same session bearer token
// as GraphQL: the audit journal as CSV (admins; streamed page by page) and the file of an inbox export
// (its requester or an admin, with the export's signed, expiring link). Errors answer { message } in French.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AccessService, SessionsService, type Actor } from '@pit/accounts';
import { AuditCsvService } from '../audit-csv.js';
import { ExportDownloadError, InboxExportsService } from '../inbox-exports.service.js';
import { GraphQLError } from 'graphql';
import { auditWhere, type AuditFilter } from '@pit/core';

@Controller('exports')
export class ExportsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly access: AccessService,
    private readonly auditCsv: AuditCsvService,
    private readonly exports: InboxExportsService,
  ) {}

  /** GET /exports/audit.csv?actorId=&action=&entityType=&entityId=&authorityId=&from=&to= (ISO dates). */
  @Get('audit.csv')
  async audit(@Req() request: FastifyRequest, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply): Promise<void> {
    const actor = await this.actor(request);
    if (!actor) return fail(reply, 401, 'Connectez-vous pour exporter le journal.');
    if (!(await this.access.check(actor, 'audit.read'))) return fail(reply, 403, 'Le journal est réservé aux administrateurs de la plateforme.');
    const filter: AuditFilter = {
      actorId: query.actorId,
      action: query.action,
      entityType: query.entityType,
      entityId: query.entityId,
      authorityId: query.authorityId,
      from: query.from ? new Date(query.from) : null,
      to: query.to ? new Date(query.to) : null,
    };
    try {
      // Checked before the first byte: a bad filter is a 400, not a broken download.
      auditWhere(filter, []);
    } catch (error) {
      if (error instanceof GraphQLError) return fail(reply, 400, error.message);
      throw error;
    }
    const day = new Date().toISOString().slice(0, 10);
    await reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="journal-${day}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(Readable.from(this.auditCsv.chunks(filter)));
  }

  /** GET /exports/inbox/:id/file?token=… */
  @Get('inbox/:id/file')
  async inboxFile(@Req() request: FastifyRequest, @Param('id') id: string, @Query('token') token: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const actor = await this.actor(request);
    try {
      // The requester or an admin (an unknown id fails this too; download then says which).
      const mayRead = actor ? await this.access.check(actor, 'export.read', [id]) : false;
      const file = await this.exports.download(actor, id, (token ?? '').slice(0, 100), mayRead);
      await reply
        .status(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(file.body);
    } catch (error) {
      if (error instanceof ExportDownloadError) return fail(reply, error.status, error.message);
      throw error;
    }
  }

  private async actor(request: FastifyRequest): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    return token ? this.sessions.resolve(token) : null;
  }
}

async function fail(reply: FastifyReply, status: number, message: string): Promise<void> {
  await reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ message });
}
