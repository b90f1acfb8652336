// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under /open311/v2: XML or JSON chosen by
// the suffix (.xml, .json), errors as [{code, description}] with 400/403/404 (and 429 past the per-key
// POST limit). REST because that is the standard partners' clients speak; reads are public, POST needs
// an api_key issued by an admin (Admin → Open311).
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Open311Error, contentType, open311Error, renderErrors, renderList, renderObject, splitFormat, type Open311Format } from '../../open311/open311-format.js';
import { Open311Service, type Open311Query } from '../../open311/open311.service.js';

const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get(':resource')
  async list(@Param('resource') resource: string, @Query() query: Open311Query, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = splitFormat(resource);
    await respond(reply, format, async () => {
      switch (name) {
        case 'discovery':
          return discovery(format, baseUrl(request));
        case 'services':
          return renderList(format, 'services', 'service', await this.open311.services());
        case 'requests':
          return renderList(format, 'service_requests', 'request', await this.open311.requests(query));
        case 'servicerequestupdates':
          return renderList(format, 'service_request_updates', 'request_update', await this.open311.updates(query));
        default:
          throw open311Error(404, `Unknown resource: ${name}.`);
      }
    });
  }

  @Get('services/:file')
  async service(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = splitFormat(file);
    await respond(reply, format, async () => renderObject(format, 'service_definition', await this.open311.serviceDefinition(name)));
  }

  @Get('requests/:file')
  async request(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = splitFormat(file);
    await respond(reply, format, async () => renderList(format, 'service_requests', 'request', await this.open311.request(name)));
  }

  @Get('tokens/:file')
  async token(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = splitFormat(file);
    await respond(reply, format, async () => renderList(format, 'service_requests', 'request', await this.open311.token(name)));
  }

  @Post(':resource')
  async post(@Param('resource') resource: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = splitFormat(resource);
    await respond(
      reply,
      format,
      async () => {
        if (name !== 'requests') throw open311Error(404, `Unknown resource: ${name}.`);
        return renderList(format, 'service_requests', 'request', await this.open311.submit(body, request.ip ?? null));
      },
      201,
    );
  }
}

async function respond(reply: FastifyReply, format: Open311Format, render: () => Promise<string>, status = 200): Promise<void> {
  try {
    const body = await render();
    await reply.status(status).header('content-type', contentType(format)).send(body);
  } catch (error) {
    if (!(error instanceof Open311Error)) throw error;
    if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
    await reply.status(error.status).header('content-type', contentType(format)).send(renderErrors(format, error));
  }
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/open311/v2/`;
}

function discovery(format: Open311Format, url: string): string {
  const endpoint = { specification: SPECIFICATION, url, changeset: '2026-11-26T00:00:00+00:00', type: 'production' };
  const formats = ['text/xml', 'application/json'];
  const common = { changeset: '2026-11-26T00:00:00+00:00', contact: 'Pôle métropolitain Loire Angers — clés API : auprès des administrateurs de la plateforme', key_service: 'Clé délivrée par un administrateur (Administration → Open311)' };
  if (format === 'json') return JSON.stringify({ ...common, endpoints: [{ ...endpoint, formats }] });
  return renderObject('xml', 'discovery', { ...common, endpoints: { endpoint: { ...endpoint, formats: { format: formats } } } });
}
