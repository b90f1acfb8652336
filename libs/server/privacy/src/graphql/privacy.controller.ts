// The data export file for the web server (the browser never talks to the api), with the session's
// bearer token and the export's signed, expiring link. Errors answer { message } in French.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionsService } from '@pit/accounts';
import { ExportDownloadError } from '@pit/exports';
import { DataExportService } from '../data-export.service.js';

@Controller('privacy')
export class PrivacyController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly exports: DataExportService,
  ) {}

  /** GET /privacy/data-exports/:id/file?token=… (its owner only). */
  @Get('data-exports/:id/file')
  async dataExportFile(@Req() request: FastifyRequest, @Param('id') id: string, @Query('token') token: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const authorization = request.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    const actor = bearer ? await this.sessions.resolve(bearer) : null;
    try {
      const file = await this.exports.download(actor, id, (token ?? '').slice(0, 100));
      await reply
        .status(200)
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(file.body);
    } catch (error) {
      if (!(error instanceof ExportDownloadError)) throw error;
      await reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send({ message: error.message });
    }
  }
}
