import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { badUserInput, fieldErrorsFromValidation, loadConfig } from '@pit/core';
import { AppModule } from './app.module.js';
import { GraphqlErrorFilter } from './graphql-error.filter.js';
import { registerPublicRateLimit } from './public-rate-limit.js';

/**
 * Builds the api application (used by main.ts and by the integration tests). Behind a reverse proxy, TRUST_PROXY lets
 * Fastify take request.ip from X-Forwarded-For (the anonymous rate limits and Open311 key on it); off by default.
 */
export async function createApi(): Promise<NestFastifyApplication> {
  const { trustProxy } = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy }), {
    logger: ['error', 'warn', 'log'],
  });
  configureApi(app);
  return app;
}

export function configureApi(app: INestApplication): void {
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => badUserInput(fieldErrorsFromValidation(errors)),
    }),
  );
  app.useGlobalFilters(new GraphqlErrorFilter());
  registerPublicRateLimit(app);
  app.enableShutdownHooks();
}
