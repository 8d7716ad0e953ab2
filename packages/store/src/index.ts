export * from './audit-repo.js';
export * from './connect.js';
export * from './hits-repo.js';
export * from './lists-repo.js';
export * from './migrations.js';
export * from './parties-repo.js';
export type * from './schema.js';
export * from './test-engines.js';
export * from './tokens-repo.js';
