import { NeedCoAssignmentEntity } from './entities/need-co-assignment.entity.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerritoryModule } from '@pit/territory';
import { AccountsModule } from '@pit/accounts';
import { NeedEntity } from './entities/need.entity.js';
import { NeedRoutingEntity } from './entities/need-routing.entity.js';
import { NeedStatusChangeEntity } from './entities/need-status-change.entity.js';
import { NeedPhotoEntity } from './entities/need-photo.entity.js';
import { NeedDraftEntity } from './entities/need-draft.entity.js';
import { NeedsRepository } from './needs.repository.js';
import { NeedsService } from './needs.service.js';
import { NeedWorkflowService } from './need-workflow.service.js';
import { NeedRoutingService } from './routing/need-routing.service.js';
import { NeedPhotosRepository } from './photos/need-photos.repository.js';
import { NeedPhotosService } from './photos/need-photos.service.js';
import { PHOTO_STORAGE, photoStorageFromEnv } from './photos/photo-storage.js';
import { NeedDraftsRepository } from './drafts/need-drafts.repository.js';
import { NeedDraftsService } from './drafts/need-drafts.service.js';
import { GeocoderModule } from '@pit/territory';
import { MODERATION_ENTITIES } from './moderation/moderation.entities.js';
import { ModerationRepository } from './moderation/moderation.repository.js';
import { ModerationService } from './moderation/moderation.service.js';

export const NEEDS_ENTITIES = [NeedEntity, NeedRoutingEntity, NeedStatusChangeEntity, NeedDraftEntity, NeedPhotoEntity, NeedCoAssignmentEntity, ...MODERATION_ENTITIES];

@Module({
  imports: [TypeOrmModule.forFeature(NEEDS_ENTITIES), TerritoryModule, AccountsModule, GeocoderModule],
  providers: [
    NeedsRepository,
    NeedsService,
    NeedWorkflowService,
    NeedRoutingService,
    NeedPhotosRepository,
    NeedPhotosService,
    NeedDraftsRepository,
    NeedDraftsService,
    ModerationRepository,
    ModerationService,
    // STORAGE_DIR (default .data/storage): read once at boot.
    { provide: PHOTO_STORAGE, useFactory: () => photoStorageFromEnv() },
  ],
  exports: [NeedsRepository, NeedsService, NeedWorkflowService, NeedRoutingService, NeedPhotosService, NeedDraftsService, ModerationRepository, ModerationService, TerritoryModule, AccountsModule, GeocoderModule],
})
export class NeedsModule {}
