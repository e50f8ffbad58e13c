import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0025-create-threads',
  `
  -- a conversation with a deployed agent that keeps its history between runs; the client names it
  -- (threadId), per deployment: the same name on another deployment is another thread
  CREATE TABLE threads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- a thread belongs to one deployment and goes with it
    deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    key text NOT NULL CONSTRAINT threads_key_check CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$'),
    -- turns invoked so far (the next run's thread_turn); turns run one at a time, in this order
    turn_count integer NOT NULL DEFAULT 0,
    -- the unfinished turn that holds the thread (its job is queued or it runs); later turns wait
    -- without a job until it ends (see endRun)
    active_run_id uuid REFERENCES runs (id) ON DELETE SET NULL,
    message_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT threads_deployment_key UNIQUE (deployment_id, key)
  );

  -- the conversation, in order: what each succeeded turn added (the client's messages and the
  -- agent's answer), appended in the transaction that ends the run
  CREATE TABLE thread_messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    position integer NOT NULL,
    message jsonb NOT NULL,
    -- runs are history: a message outlives the run that added it
    run_id uuid REFERENCES runs (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT thread_messages_thread_position UNIQUE (thread_id, position)
  );
  CREATE INDEX thread_messages_run_id_idx ON thread_messages (run_id) WHERE run_id IS NOT NULL;

  ALTER TABLE runs ADD COLUMN thread_id uuid REFERENCES threads (id) ON DELETE SET NULL;
  ALTER TABLE runs ADD COLUMN thread_turn integer;
  CREATE INDEX runs_thread_id_turn_idx ON runs (thread_id, thread_turn) WHERE thread_id IS NOT NULL;

  -- usage (GET /usage): the agent whose model a step called (an agent node of a workflow too);
  -- steps outlive the agent
  ALTER TABLE run_steps ADD COLUMN agent_id uuid REFERENCES agents (id) ON DELETE SET NULL;
  CREATE INDEX run_steps_usage_idx ON run_steps (started_at) WHERE tokens_in IS NOT NULL OR tokens_out IS NOT NULL;
  `,
  `
  DROP INDEX run_steps_usage_idx;
  ALTER TABLE run_steps DROP COLUMN agent_id;
  ALTER TABLE runs DROP COLUMN thread_turn;
  ALTER TABLE runs DROP COLUMN thread_id;
  DROP TABLE thread_messages;
  DROP TABLE threads;
  `,
);
