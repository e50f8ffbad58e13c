export { AuditEventsService } from './audit-events-service.js';
export * from './audit-events-schemas.js';
