import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Security (docs/security.md): MLM admin roles, the plugin's own MFA state (factor, replay guard,
 * failed attempts, completed challenges per session), encrypted personal data with per-subject
 * data keys (crypto-shredding on erasure), and the tamper-evident audit log (hash chain computed
 * by the database, UPDATE and DELETE refused).
 */
export class Migration20261121140000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE mlm_admin_role (
        user_id text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('viewer', 'support', 'finance', 'admin')),
        granted_by text NULL,
        granted_at timestamptz NOT NULL DEFAULT now()
      );`)

    // One TOTP factor per account (actor_type 'user' | 'customer'); the secret is encrypted with
    // the plugin's keyring. last_step is the replay guard: a code's time step is accepted once.
    this.addSql(`
      CREATE TABLE mlm_mfa_factor (
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'customer')),
        actor_id text NOT NULL,
        secret_enc text NOT NULL,
        confirmed_at timestamptz NULL,
        last_step bigint NULL,
        failed_attempts int NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        recovery_code_hashes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_type, actor_id)
      );`)
    // A challenge completed for one login session (hash of the bearer token or session id).
    this.addSql(`
      CREATE TABLE mlm_mfa_session (
        session_hash text PRIMARY KEY,
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        completed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );`)
    this.addSql(`CREATE INDEX mlm_mfa_session_actor ON mlm_mfa_session (actor_type, actor_id);`)

    // Envelope encryption: each distributor's data key, wrapped by a keyring key (kek_id).
    // Erasure deletes the row: every value encrypted under it becomes unreadable.
    this.addSql(`
      CREATE TABLE mlm_subject_key (
        subject_id text PRIMARY KEY,
        kek_id text NOT NULL,
        wrapped_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz NULL
      );`)
    this.addSql(`
      CREATE TABLE mlm_distributor_private (
        distributor_id text PRIMARY KEY REFERENCES mlm_distributor (id),
        tax_id_enc text NULL,
        tax_id_bidx text NULL,
        date_of_birth_enc text NULL,
        phone_enc text NULL,
        bank_token_enc text NULL,
        bank_last4 text NULL CHECK (bank_last4 ~ '^[0-9]{4}$'),
        updated_by text NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`)
    this.addSql(`CREATE INDEX mlm_distributor_private_tax_bidx ON mlm_distributor_private (tax_id_bidx) WHERE tax_id_bidx IS NOT NULL;`)
    this.addSql(`ALTER TABLE mlm_distributor ADD COLUMN erased_at timestamptz NULL;`)

    this.addSql(`
      CREATE TABLE mlm_audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        event text NOT NULL,
        actor_type text NULL,
        actor_id text NULL,
        target_type text NULL,
        target_id text NULL,
        ip text NULL,
        user_agent text NULL,
        outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure', 'denied')),
        before jsonb NULL,
        after jsonb NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );`)
    this.addSql(`CREATE SEQUENCE mlm_audit_log_seq;`)
    // The chain: hash = sha256(prev_hash || '|' || canonical text of the row). Computed here,
    // under a transaction lock, so every writer (and only the database) links rows in seq order.
    this.addSql(`
      CREATE FUNCTION mlm_audit_row_text(r mlm_audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', r.seq::text, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.event,
          coalesce(r.actor_type, ''), coalesce(r.actor_id, ''), coalesce(r.target_type, ''), coalesce(r.target_id, ''),
          coalesce(r.ip, ''), coalesce(r.user_agent, ''), r.outcome, coalesce(r.before::text, ''), coalesce(r.after::text, ''))
      $$;`)
    this.addSql(`
      CREATE FUNCTION mlm_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE previous text;
      BEGIN
        -- Numbered and timed after the lock: seq order is chain order is commit order.
        PERFORM pg_advisory_xact_lock(1835822453);
        NEW.seq := nextval('mlm_audit_log_seq');
        NEW.at := clock_timestamp();
        SELECT hash INTO previous FROM mlm_audit_log ORDER BY seq DESC LIMIT 1;
        NEW.prev_hash := coalesce(previous, repeat('0', 64));
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || '|' || mlm_audit_row_text(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;`)
    this.addSql(`CREATE TRIGGER mlm_audit_chain BEFORE INSERT ON mlm_audit_log FOR EACH ROW EXECUTE FUNCTION mlm_audit_chain();`)
    this.addSql(`CREATE TRIGGER mlm_audit_log_append_only BEFORE UPDATE OR DELETE ON mlm_audit_log
      FOR EACH ROW EXECUTE FUNCTION mlm_history_is_append_only();`)
    this.addSql(`CREATE INDEX mlm_audit_log_target ON mlm_audit_log (target_type, target_id, seq);`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE IF EXISTS mlm_audit_log, mlm_distributor_private, mlm_subject_key, mlm_mfa_session,
      mlm_mfa_factor, mlm_admin_role CASCADE;`)
    this.addSql(`DROP FUNCTION IF EXISTS mlm_audit_chain(), mlm_audit_row_text(mlm_audit_log);`)
    this.addSql(`DROP SEQUENCE IF EXISTS mlm_audit_log_seq;`)
    this.addSql(`ALTER TABLE mlm_distributor DROP COLUMN IF EXISTS erased_at;`)
  }
}
