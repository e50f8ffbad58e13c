import { sqlMigration } from './migration.js';

export default sqlMigration(
  '0016-create-model-providers',
  `
  CREATE TABLE model_providers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the prefix of an agent's model ("local/qwen2.5" names provider "local"), so no "/" in it
    name text NOT NULL CONSTRAINT model_providers_name_check CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    description text,
    -- the wire protocol; one today (OpenAI Chat Completions, which Ollama, vLLM, LM Studio,
    -- llama.cpp and Azure OpenAI speak too)
    kind text NOT NULL DEFAULT 'openai_compatible' CONSTRAINT model_providers_kind_check CHECK (kind IN ('openai_compatible')),
    base_url text NOT NULL,
    -- secrets, AES-256-GCM by the engine's cipher (as mcp_servers.headers_encrypted): the API key
    -- lives in the credentials map, extra request headers in their own
    credentials_encrypted text,
    headers_encrypted text,
    request_timeout_ms integer NOT NULL DEFAULT 60000 CONSTRAINT model_providers_request_timeout_check CHECK (request_timeout_ms BETWEEN 100 AND 600000),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_providers_name_key UNIQUE (name)
  );
  CREATE INDEX model_providers_created_at_idx ON model_providers (created_at, id);
  `,
  `DROP TABLE model_providers;`,
);
