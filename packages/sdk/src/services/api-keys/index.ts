export { ApiKeysService } from './api-keys-service.js';
export * from './api-keys-schemas.js';
