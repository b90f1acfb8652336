export * from './participation.module.js';
