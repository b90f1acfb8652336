export * from './geocoder.service.js';
export * from './geocoder.module.js';
