export * from './entities/comment.entity.js';
export * from './entities/comment-report.entity.js';
export * from './comment-rules.js';
export * from './comments.repository.js';
export * from './comments.service.js';
export * from './comments.module.js';
