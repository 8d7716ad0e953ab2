/** The location-verification protocol: messages, signatures, key providers, replay cache, verifier. */
export * from './key-file.js';
export * from './keys.js';
export * from './landmark-session.js';
export * from './messages.js';
export * from './replay.js';
export * from './verify.js';
export * from './wire.js';
