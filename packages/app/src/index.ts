export * from './bundled.js';
export * from './config.js';
export * from './errors.js';
export * from './open.js';
export * from './schemas.js';
export * from './screening-index.js';
export * from './stackport.js';
export * from './tokens.js';
