// Photo upload and download for the web server (the browser never talks to the api).
//
// Why REST and not GraphQL: GraphQL multipart uploads are off (they defeat Apollo's CSRF prevention),
// and base64 in a mutation would mean raising the body limit of every GraphQL request to ~11 MB. This
// endpoint takes the raw image bytes (Content-Type image/jpeg, image/png, image/webp or
// application/octet-stream) with its own 8 MB limit, and the same session bearer token as GraphQL
// (optional: a need may be submitted without an account). A bearer header, never a cookie, so no CSRF.
import { Controller, Get, HttpCode, HttpException, Injectable, Param, Post, Query, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeReference, PHOTO_LIMITS } from '@pit/domain';
import { SessionsService } from '@pit/accounts';
import { NeedPhotosService, type PhotoVariant } from '../photos/need-photos.service.js';
import { PhotoRejectedError } from '../photos/photo-processing.js';

export const PHOTO_CONTENT_TYPES = [...PHOTO_LIMITS.mimeTypes, 'application/octet-stream'];

/** Registers the raw-bytes body parser of the upload route (Fastify refuses unknown content types). */
@Injectable()
export class PhotoBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!instance || typeof instance.addContentTypeParser !== 'function' || instance.hasContentTypeParser('image/jpeg')) return;
    instance.addContentTypeParser(PHOTO_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: PHOTO_LIMITS.maxBytes + 1024 }, (_request, body, done) => done(null, body));
  }
}

@Controller('needs')
export class PhotosController {
  constructor(
    private readonly photos: NeedPhotosService,
    private readonly sessions: SessionsService,
  ) {}

  /** 201 { token, width, height }; 400 { message } when the file is not a usable photo; 413 beyond 8 MB. */
  @Post('photos')
  @HttpCode(201)
  async upload(@Req() request: FastifyRequest): Promise<{ token: string; width: number; height: number }> {
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    const actor = token ? await this.sessions.resolve(token) : null;
    if (token && !actor) throw new HttpException({ message: 'Votre session a pris fin : reconnectez-vous pour continuer.' }, 401);
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new HttpException({ message: 'Envoyez la photo elle-même (JPEG, PNG ou WebP).' }, 415);
    try {
      return await this.photos.upload(body, actor);
    } catch (error) {
      if (error instanceof PhotoRejectedError) throw new HttpException({ message: error.message }, 400);
      throw error;
    }
  }

  /** A photo not yet published (preview), by its upload token. */
  @Get('photos/pending/:token')
  async pending(@Param('token') token: string, @Query('variant') variant: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.photos.pending(token, toVariant(variant)), 'private, max-age=600');
  }

  /** A photo of a public need by its position (1 to 3). */
  @Get(':reference/photos/:position')
  async published(
    @Param('reference') reference: string,
    @Param('position') position: string,
    @Query('variant') variant: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const image = canonical ? await this.photos.published(canonical, Number(position), toVariant(variant)) : null;
    await send(reply, image, 'public, max-age=3600');
  }
}

function toVariant(value: string | undefined): PhotoVariant {
  return value === 'full' ? 'full' : 'page';
}

async function send(reply: FastifyReply, image: Buffer | null, cacheControl: string): Promise<void> {
  if (!image) {
    await reply.status(404).header('content-type', 'application/json').send({ message: 'Photo introuvable.' });
    return;
  }
  await reply.status(200).header('content-type', 'image/webp').header('cache-control', cacheControl).header('x-content-type-options', 'nosniff').send(image);
}
