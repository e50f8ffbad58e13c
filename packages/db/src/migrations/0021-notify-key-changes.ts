import { sqlMigration } from './migration.js';

/**
 * Tells every API process when a key stops being valid, whoever changed it (the API, the CLI,
 * plain SQL): a NOTIFY on channel `agent_studio_auth`, sent only when the transaction commits.
 * Payload: `api_key:<id>` or `deployment:<id>`.
 */
export default sqlMigration(
  '0021-notify-key-changes',
  `
  CREATE FUNCTION agent_studio_notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('agent_studio_auth', 'api_key:' || OLD.id::text);
    RETURN NULL;
  END $$;
  CREATE TRIGGER api_keys_notify_change
    AFTER UPDATE OF revoked_at, key_hash, scope OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION agent_studio_notify_api_key_change();

  CREATE FUNCTION agent_studio_notify_deployment_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('agent_studio_auth', 'deployment:' || OLD.id::text);
    RETURN NULL;
  END $$;
  CREATE TRIGGER deployments_notify_key_change
    AFTER UPDATE OF api_key_hash OR DELETE ON deployments
    FOR EACH ROW EXECUTE FUNCTION agent_studio_notify_deployment_key_change();
  `,
  `
  DROP TRIGGER deployments_notify_key_change ON deployments;
  DROP FUNCTION agent_studio_notify_deployment_key_change();
  DROP TRIGGER api_keys_notify_change ON api_keys;
  DROP FUNCTION agent_studio_notify_api_key_change();
  `,
);
