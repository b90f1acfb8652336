import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { photoStorageFromEnv } from '../photos/photo-storage.js';
import { OpenDataPublicationEntity } from './open-data-publication.entity.js';
import { OpenDataRepository } from './open-data.repository.js';
import { OPEN_DATA_STORAGE, OpenDataService } from './open-data.service.js';

export const OPEN_DATA_ENTITIES = [OpenDataPublicationEntity];

/** Open data of needs and the public moderation log: shared by api (list, downloads) and worker (daily job). */
@Module({
  imports: [TypeOrmModule.forFeature(OPEN_DATA_ENTITIES)],
  providers: [
    OpenDataRepository,
    OpenDataService,
    // The photos' storage settings (STORAGE_DRIVER, STORAGE_DIR or S3_*): read once at boot.
    { provide: OPEN_DATA_STORAGE, useFactory: () => photoStorageFromEnv() },
  ],
  exports: [OpenDataService],
})
export class OpenDataModule {}
