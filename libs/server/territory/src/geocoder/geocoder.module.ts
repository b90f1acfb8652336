import { Module } from '@nestjs/common';
import { GeocoderService, geocoderOptionsFromEnv } from './geocoder.service.js';

/** GEOCODER_URL (default https://data.geopf.fr/geocodage) is read once at boot. */
@Module({
  providers: [{ provide: GeocoderService, useFactory: () => new GeocoderService(geocoderOptionsFromEnv()) }],
  exports: [GeocoderService],
})
export class GeocoderModule {}
