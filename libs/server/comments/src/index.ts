export * from './comments.module.js';
