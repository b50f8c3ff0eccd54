/**
 * `@baton/web/react`: `<BatonProvider>` and `useAuth()`.
 * @packageDocumentation
 */
export * from './BatonProvider.js';
