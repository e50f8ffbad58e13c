import { sqlMigration } from './migration.js';

/**
 * The run engine's tables: runs learn their lease, deadline, cancel request and pinned queue job;
 * `run_steps` checkpoints every step attempt; `run_events` is the append-only event log that SSE
 * clients resume from (`Last-Event-ID` = `run_events.id`).
 */
export default sqlMigration(
  '0011-create-run-steps-and-events',
  `
  ALTER TABLE runs DROP CONSTRAINT runs_status_check;
  ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'));
  ALTER TABLE runs
    -- why a finished run ended as it did (e.g. step_failed, cancelled, deadline, worker_lost)
    ADD COLUMN reason text,
    -- the caller's key for "the same invoke twice returns the first run"
    ADD COLUMN idempotency_key text,
    -- the whole run must end before this instant, or it ends timed_out
    ADD COLUMN deadline_at timestamptz,
    -- set by POST /runs/:id/cancel; the worker holding the run aborts within a second
    ADD COLUMN cancel_requested_at timestamptz,
    -- the queue job that carries the run (pg-boss job id)
    ADD COLUMN job_id uuid,
    -- the worker holding the run and until when its lease (heartbeat) is good
    ADD COLUMN worker_id text,
    ADD COLUMN lease_expires_at timestamptz,
    -- how many times a worker has claimed the run (1 = never recovered)
    ADD COLUMN attempt integer NOT NULL DEFAULT 0;
  CREATE UNIQUE INDEX runs_deployment_idempotency_key ON runs (deployment_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  -- the reaper's scan for runs whose worker stopped heartbeating
  CREATE INDEX runs_lease_expires_at_idx ON runs (lease_expires_at) WHERE worker_id IS NOT NULL;

  CREATE TABLE run_steps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- checkpoints go with their run
    run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    -- the workflow node (agent sub-steps share their node's id)
    node_id text NOT NULL,
    -- unique per run: the node id, or e.g. 'respond/model#2' for an agent's model call
    step_key text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL CONSTRAINT run_steps_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    attempt integer NOT NULL CHECK (attempt > 0),
    input jsonb,
    output jsonb,
    error jsonb,
    tokens_in integer,
    tokens_out integer,
    finish_reason text,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CONSTRAINT run_steps_run_key_attempt_key UNIQUE (run_id, step_key, attempt)
  );
  CREATE INDEX run_steps_run_started_idx ON run_steps (run_id, started_at, id);

  CREATE TABLE run_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    type text NOT NULL,
    step_key text,
    data jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX run_events_run_id_idx ON run_events (run_id, id);
  `,
  `
  DROP TABLE run_events;
  DROP TABLE run_steps;
  DROP INDEX runs_lease_expires_at_idx;
  DROP INDEX runs_deployment_idempotency_key;
  ALTER TABLE runs DROP COLUMN reason, DROP COLUMN idempotency_key, DROP COLUMN deadline_at, DROP COLUMN cancel_requested_at,
    DROP COLUMN job_id, DROP COLUMN worker_id, DROP COLUMN lease_expires_at, DROP COLUMN attempt;
  ALTER TABLE runs DROP CONSTRAINT runs_status_check;
  UPDATE runs SET status = 'failed' WHERE status = 'timed_out';
  ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
  `,
);
