export * from './entities/inbox-export.entity.js';
export * from './csv.js';
export * from './export-links.js';
export * from './inbox-exports.service.js';
export * from './audit-csv.js';
export * from './exports.module.js';
