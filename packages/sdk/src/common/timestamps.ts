import { z } from 'zod';

/** An ISO-8601 timestamp in service output (`2026-11-23T21:00:00.000Z`). */
export const timestampSchema = z.iso.datetime({ offset: true });

/**
 * Formats a database timestamp for output.
 *
 * @example
 * toIso(agent.createdAt); // '2026-11-23T21:00:00.000Z'
 */
export function toIso(date: Date): string;
export function toIso(date: Date | null): string | null;
export function toIso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
