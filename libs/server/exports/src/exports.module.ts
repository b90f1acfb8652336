import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@pit/accounts';
import { photoStorageFromEnv } from '@pit/needs';
import { InboxExportEntity } from './entities/inbox-export.entity.js';
import { EXPORT_STORAGE, InboxExportsService } from './inbox-exports.service.js';
import { AuditCsvService } from './audit-csv.js';

export const EXPORTS_ENTITIES = [InboxExportEntity];

/** CSV exports (the inbox's, built by a job; the audit journal's, streamed): shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(EXPORTS_ENTITIES), AccountsModule],
  providers: [
    InboxExportsService,
    AuditCsvService,
    // The photos' storage settings (STORAGE_DRIVER, STORAGE_DIR or S3_*): read once at boot.
    { provide: EXPORT_STORAGE, useFactory: () => photoStorageFromEnv() },
  ],
  exports: [InboxExportsService, AuditCsvService, AccountsModule],
})
export class ExportsModule {}
