import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy.module.js';
import { PrivacyResolver } from './privacy.resolver.js';
import { PrivacyController } from './privacy.controller.js';

@Module({
  imports: [PrivacyModule],
  providers: [PrivacyResolver],
  controllers: [PrivacyController],
})
export class PrivacyGraphqlModule {}
