export { ApiKeysService } from './api-keys-service.js';
export * from './api-keys-schemas.js';
export { scopeCovers, type Caller } from './caller.js';
