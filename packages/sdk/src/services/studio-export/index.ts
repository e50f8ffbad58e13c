/**
 * Export and import of the whole studio.
 *
 * @module
 */
export { StudioExportService, parseStudioExport } from './studio-export-service.js';
export * from './studio-export-schemas.js';
