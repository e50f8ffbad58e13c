// Must NOT compile: an SDK service handed the legacy session (the original system's crash).
import { SessionLocal } from '@agent-studio/db/legacy';
import { AgentsService } from '@agent-studio/sdk';

export async function broken(id: string): Promise<void> {
  const db = SessionLocal();
  await AgentsService.getAgent(db, id);
}
