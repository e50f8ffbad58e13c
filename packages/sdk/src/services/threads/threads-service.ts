/**
 * `ThreadsService`: reading the threads of deployed agents. Threads are written by the run
 * engine (a turn opens in `RunsService.invoke`, its messages join when it ends); see
 * `runtime/thread-turns.ts`.
 *
 * @module
 */
import { select, type ExecSession } from '@agent-studio/db/exec';
import { Deployment, Thread, ThreadMessage } from '@agent-studio/db/models';
import { parseId } from '../../common/parse-id.js';
import { parseInput } from '../../common/parse-input.js';
import { toIso } from '../../common/timestamps.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { threadKeySchema } from '../runs/runs-schemas.js';
import type { ThreadDto } from './threads-schemas.js';

/**
 * Threads of deployed agents.
 *
 * @example
 * const { messages } = await ThreadsService.getThread(session, deploymentId, 'chat-42');
 */
export const ThreadsService = {
  /**
   * A deployment's thread by its name, with its messages in order.
   *
   * @throws ValidationError malformed deployment id or thread name.
   * @throws NotFoundError no such deployment, or no such thread on it.
   * @example
   * const thread = await ThreadsService.getThread(session, deploymentId, 'chat-42');
   */
  async getThread(session: ExecSession, deploymentId: string, threadId: string): Promise<ThreadDto> {
    const id = parseId(deploymentId);
    const key = parseInput(threadKeySchema, threadId);
    if (!(await session.get(Deployment, id))) throw new NotFoundError('deployment', id);
    const thread = await session.exec(select(Thread).where({ deploymentId: id, key })).first();
    if (!thread) throw new NotFoundError('thread', key);
    const messages = await session.exec(select(ThreadMessage).where({ threadId: thread.id }).orderBy('position')).all();
    return {
      deploymentId: id,
      threadId: thread.key,
      turns: thread.turnCount,
      activeRunId: thread.activeRunId,
      messages: messages.map((m) => m.message),
      createdAt: toIso(thread.createdAt),
      updatedAt: toIso(thread.updatedAt),
    };
  },
};
