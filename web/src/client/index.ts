export * from './baton-client.js';
export * from './documents.js';
