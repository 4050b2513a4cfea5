import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Plans, commissionable value, the commission ledger, the outbox and period runs
 * (docs/ledger.md). Hand-written: these tables are reached only through raw SQL in
 * repositories/*.ts, they need plain (non-partial) unique keys that absorb duplicate work, and
 * the ledger and plan versions are append-only, enforced here by triggers rather than by
 * convention.
 */
export class Migration20261121100000 extends Migration {
  override async up(): Promise<void> {
    // The rank a distributor holds since the last closed period (ranks are evaluated by runs).
    this.addSql(`ALTER TABLE mlm_distributor ADD COLUMN rank text NULL;`)

    this.addSql(`
      CREATE TABLE mlm_plan (
        id text PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        period text NOT NULL DEFAULT 'monthly' CHECK (period IN ('weekly', 'monthly')),
        draft jsonb NOT NULL,
        created_by text NULL,
        updated_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );`)
    this.addSql(`
      CREATE TABLE mlm_plan_version (
        id text PRIMARY KEY,
        plan_id text NOT NULL REFERENCES mlm_plan (id),
        version int NOT NULL CHECK (version >= 1),
        currency_code text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
        period text NOT NULL CHECK (period IN ('weekly', 'monthly')),
        definition jsonb NOT NULL,
        hash text NOT NULL,
        effective_from timestamptz NOT NULL,
        created_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, version),
        -- The active version for a currency at instant t is the latest effective_from <= t.
        UNIQUE (currency_code, effective_from)
      );`)

    this.addSql(`
      CREATE TABLE mlm_variant_cv (
        variant_id text PRIMARY KEY,
        cv_bp int NULL CHECK (cv_bp BETWEEN 0 AND 10000),
        cv_minor bigint NULL CHECK (cv_minor >= 0),
        currency_code text NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
        updated_by text NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((cv_bp IS NULL) <> (cv_minor IS NULL)),
        CHECK ((cv_minor IS NULL) = (currency_code IS NULL))
      );`)

    // One row per order that reached the commission worker: the snapshot the lines are
    // explained by, and the payout terms a refund recomputes with.
    this.addSql(`
      CREATE TABLE mlm_commission_record (
        order_id text PRIMARY KEY,
        plan_version_id text NULL REFERENCES mlm_plan_version (id),
        currency_code text NOT NULL,
        customer_id text NULL,
        owner_node int NULL,
        buyer_kind text NOT NULL CHECK (buyer_kind IN ('distributor', 'customer', 'none')),
        cv_minor bigint NOT NULL CHECK (cv_minor >= 0),
        net_cv_minor bigint NOT NULL CHECK (net_cv_minor >= 0 AND net_cv_minor <= cv_minor),
        total_minor bigint NOT NULL CHECK (total_minor >= 0),
        retail_minor bigint NULL,
        wholesale_minor bigint NULL,
        -- Net CV = min(CV of what was not returned, CV pro rata of the money not refunded):
        -- a return followed by the refund of the same goods lowers it once (docs/ledger.md).
        refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= total_minor),
        returned_cv_minor bigint NOT NULL DEFAULT 0 CHECK (returned_cv_minor >= 0 AND returned_cv_minor <= cv_minor),
        returned_items jsonb NOT NULL DEFAULT '{}'::jsonb,
        items jsonb NOT NULL,
        terms jsonb NOT NULL,
        period_key text NOT NULL,
        placed_at timestamptz NOT NULL,
        hold_until timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'canceled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );`)
    this.addSql(`CREATE INDEX mlm_commission_record_period_owner ON mlm_commission_record (period_key, owner_node);`)
    this.addSql(`CREATE INDEX mlm_commission_record_placed_at ON mlm_commission_record (placed_at);`)

    this.addSql(`
      CREATE TABLE mlm_commission_adjustment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        adjustment_key text NOT NULL UNIQUE,
        order_id text NOT NULL REFERENCES mlm_commission_record (order_id),
        kind text NOT NULL CHECK (kind IN ('refund', 'return', 'cancel', 'admin')),
        cv_minor bigint NOT NULL CHECK (cv_minor >= 0),
        net_cv_before bigint NOT NULL,
        net_cv_after bigint NOT NULL CHECK (net_cv_after >= 0),
        actor_id text NULL,
        reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );`)
    this.addSql(`CREATE INDEX mlm_commission_adjustment_order ON mlm_commission_adjustment (order_id);`)

    // The ledger. beneficiary_node is mlm_distributor.node_id (int4: narrow rows, small index).
    this.addSql(`
      CREATE TABLE mlm_ledger_line (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_kind text NOT NULL CHECK (source_kind IN ('order', 'adjustment', 'period')),
        source_id text NOT NULL,
        beneficiary_node int NOT NULL,
        bonus text NOT NULL,
        level smallint NOT NULL DEFAULT 0,
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        currency_code text NOT NULL,
        plan_version_id text NOT NULL,
        order_id text NULL,
        base_minor bigint NULL,
        rate_bp int NULL,
        status text NOT NULL CHECK (status IN ('pending', 'available', 'canceled')),
        hold_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NULL
      );`)
    // A line's identity: duplicate work (an event delivered ten times, a retried job) hits it.
    this.addSql(`CREATE UNIQUE INDEX mlm_ledger_line_identity ON mlm_ledger_line (source_id, source_kind, beneficiary_node, bonus, level);`)
    this.addSql(`CREATE INDEX mlm_ledger_line_beneficiary ON mlm_ledger_line (beneficiary_node, id);`)
    this.addSql(`CREATE INDEX mlm_ledger_line_held ON mlm_ledger_line (hold_until) WHERE status = 'pending';`)

    this.addSql(`
      CREATE TABLE mlm_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_key text NOT NULL UNIQUE,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'done', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NULL,
        done_at timestamptz NULL
      );`)
    this.addSql(`CREATE INDEX mlm_outbox_open ON mlm_outbox (id) WHERE status IN ('pending', 'queued');`)

    this.addSql(`
      CREATE TABLE mlm_period_run (
        id text PRIMARY KEY,
        period_key text NOT NULL,
        currency_code text NOT NULL,
        plan_version_id text NOT NULL REFERENCES mlm_plan_version (id),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'computed', 'failed', 'closed')),
        phase text NULL,
        progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        runs int NOT NULL DEFAULT 0,
        error text NULL,
        summary jsonb NULL,
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        closed_at timestamptz NULL,
        closed_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (period_key, currency_code)
      );`)
    // What the last run computed; replaced by a re-run, posted to the ledger by closing.
    this.addSql(`
      CREATE TABLE mlm_period_result (
        run_id text NOT NULL REFERENCES mlm_period_run (id),
        beneficiary_node int NOT NULL,
        bonus text NOT NULL,
        level smallint NOT NULL DEFAULT 0,
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        base_minor bigint NULL,
        rate_bp int NULL,
        PRIMARY KEY (run_id, beneficiary_node, bonus, level)
      );`)
    // Binary carry at the end of each period (the next period's carry in), and ranks reached.
    this.addSql(`
      CREATE TABLE mlm_period_member (
        run_id text NOT NULL REFERENCES mlm_period_run (id),
        node_id int NOT NULL,
        carry_left_minor bigint NOT NULL DEFAULT 0,
        carry_right_minor bigint NOT NULL DEFAULT 0,
        rank text NULL,
        PRIMARY KEY (run_id, node_id)
      );`)

    this.addSql(`
      CREATE FUNCTION mlm_ledger_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'mlm_ledger_line is append-only' USING ERRCODE = '55000';
        END IF;
        IF (NEW.source_kind, NEW.source_id, NEW.beneficiary_node, NEW.bonus, NEW.level, NEW.amount_minor,
            NEW.currency_code, NEW.plan_version_id, NEW.order_id, NEW.base_minor, NEW.rate_bp, NEW.hold_until,
            NEW.created_at, NEW.id)
           IS DISTINCT FROM
           (OLD.source_kind, OLD.source_id, OLD.beneficiary_node, OLD.bonus, OLD.level, OLD.amount_minor,
            OLD.currency_code, OLD.plan_version_id, OLD.order_id, OLD.base_minor, OLD.rate_bp, OLD.hold_until,
            OLD.created_at, OLD.id) THEN
          RAISE EXCEPTION 'mlm_ledger_line: only the status of a line may change' USING ERRCODE = '55000';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'pending' AND NEW.status IN ('available', 'canceled')) THEN
          RAISE EXCEPTION 'mlm_ledger_line: status % cannot become %', OLD.status, NEW.status USING ERRCODE = '55000';
        END IF;
        RETURN NEW;
      END $$;`)
    this.addSql(`CREATE TRIGGER mlm_ledger_line_guard BEFORE UPDATE OR DELETE ON mlm_ledger_line
      FOR EACH ROW EXECUTE FUNCTION mlm_ledger_line_guard();`)
    this.addSql(`CREATE TRIGGER mlm_plan_version_append_only BEFORE UPDATE OR DELETE ON mlm_plan_version
      FOR EACH ROW EXECUTE FUNCTION mlm_history_is_append_only();`)
    this.addSql(`CREATE TRIGGER mlm_commission_adjustment_append_only BEFORE UPDATE OR DELETE ON mlm_commission_adjustment
      FOR EACH ROW EXECUTE FUNCTION mlm_history_is_append_only();`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE IF EXISTS mlm_period_member, mlm_period_result, mlm_period_run, mlm_outbox,
      mlm_ledger_line, mlm_commission_adjustment, mlm_commission_record, mlm_variant_cv,
      mlm_plan_version, mlm_plan CASCADE;`)
    this.addSql(`DROP FUNCTION IF EXISTS mlm_ledger_line_guard();`)
    this.addSql(`ALTER TABLE mlm_distributor DROP COLUMN IF EXISTS rank;`)
  }
}
