// Open data over REST, public (no session): the published files, byte for byte as stored, and their
// Table Schema. The web server streams them on /donnees; reusers may call the api directly.
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  OPEN_DATA_CONTENT_TYPES,
  OPEN_DATA_FILE_NAMES,
  OPEN_DATA_FORMATS,
  OPEN_DATA_SCHEMA_NAMES,
  openDataTableSchema,
  type OpenDataFormat,
} from '../../open-data/open-data-format.js';
import { OpenDataService } from '../../open-data/open-data.service.js';

function formatOf(names: Readonly<Record<OpenDataFormat, string>>, file: string): OpenDataFormat | null {
  return OPEN_DATA_FORMATS.find((format) => names[format] === file) ?? null;
}

@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  /** GET /open-data/schema/besoins-csv.schema.json (also -json, -geojson): the Table Schema of a format. */
  @Get('schema/:file')
  async schema(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const format = formatOf(OPEN_DATA_SCHEMA_NAMES, file);
    if (!format) return notFound(reply, 'Ce schéma n’existe pas.');
    await reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(`${JSON.stringify(openDataTableSchema(format), null, 2)}\n`);
  }

  /** GET /open-data/2026-11-26/besoins.csv (also .json, .geojson). */
  @Get(':day/:file')
  async file(@Param('day') day: string, @Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const format = formatOf(OPEN_DATA_FILE_NAMES, file);
    const found = format ? await this.openData.file(day, format) : null;
    if (!format || !found) return notFound(reply, 'Ce fichier n’a pas été publié.');
    await reply
      .status(200)
      .header('content-type', OPEN_DATA_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="besoins-${found.publication.day}.${format}"`)
      .header('content-length', String(found.body.length))
      // A day's file never changes once published.
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('etag', `"${found.publication.sha256}"`)
      .send(found.body);
  }
}

async function notFound(reply: FastifyReply, message: string): Promise<void> {
  await reply.status(404).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ message }));
}
