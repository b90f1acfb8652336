import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@pit/accounts';
import { photoStorageFromEnv } from '@pit/needs';
import { ParticipationModule } from '@pit/participation';
import { DataExportEntity } from './entities/data-export.entity.js';
import { InactivityWarningEntity } from './entities/inactivity-warning.entity.js';
import { DataExportService, PRIVACY_STORAGE } from './data-export.service.js';
import { AccountErasureService } from './account-erasure.service.js';

export const PRIVACY_ENTITIES = [DataExportEntity, InactivityWarningEntity];

/** GDPR by default: data export, account erasure, retention. Shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(PRIVACY_ENTITIES), AccountsModule, ParticipationModule],
  providers: [
    DataExportService,
    AccountErasureService,
    // The photos' storage settings (STORAGE_DRIVER, STORAGE_DIR or S3_*), like the inbox exports.
    { provide: PRIVACY_STORAGE, useFactory: () => photoStorageFromEnv() },
  ],
  exports: [DataExportService, AccountErasureService, AccountsModule],
})
export class PrivacyModule {}
