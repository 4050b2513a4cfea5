import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Period results by write attempt (docs/periods.md, Write). Each write of a run takes a fresh
 * attempt number, writes its result and member rows under it in two transactions side by side
 * (one per table, so PostgreSQL inserts on both cores), then makes them current in one short
 * transaction by setting mlm_period_run.result_attempt. Readers go through the two `_current`
 * views, so they see one attempt whole or the previous one whole, never a mix; a re-run no longer
 * deletes the rows it is about to write again before inserting (the old attempt is deleted after
 * the switch). Rows written before this migration are attempt 0 of their run.
 */
export class Migration20261121170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE mlm_period_run
      ADD COLUMN write_attempts int NOT NULL DEFAULT 0,
      ADD COLUMN result_attempt int NULL;`)
    this.addSql(`ALTER TABLE mlm_period_result ADD COLUMN attempt int NOT NULL DEFAULT 0;`)
    this.addSql(`ALTER TABLE mlm_period_member ADD COLUMN attempt int NOT NULL DEFAULT 0;`)
    this.addSql(`ALTER TABLE mlm_period_result ALTER COLUMN attempt DROP DEFAULT;`)
    this.addSql(`ALTER TABLE mlm_period_member ALTER COLUMN attempt DROP DEFAULT;`)
    this.addSql(`UPDATE mlm_period_run r SET result_attempt = 0
      WHERE EXISTS (SELECT 1 FROM mlm_period_result x WHERE x.run_id = r.id) OR EXISTS (SELECT 1 FROM mlm_period_member x WHERE x.run_id = r.id);`)
    this.addSql(`ALTER TABLE mlm_period_result DROP CONSTRAINT mlm_period_result_pkey, ADD PRIMARY KEY (run_id, attempt, beneficiary_node, bonus, level);`)
    this.addSql(`ALTER TABLE mlm_period_member DROP CONSTRAINT mlm_period_member_pkey, ADD PRIMARY KEY (run_id, attempt, node_id);`)
    this.addSql(`CREATE VIEW mlm_period_result_current AS
      SELECT r.run_id, r.beneficiary_node, r.bonus, r.level, r.amount_minor, r.base_minor, r.rate_bp
        FROM mlm_period_result r JOIN mlm_period_run p ON p.id = r.run_id AND p.result_attempt = r.attempt;`)
    this.addSql(`CREATE VIEW mlm_period_member_current AS
      SELECT m.run_id, m.node_id, m.carry_left_minor, m.carry_right_minor, m.rank
        FROM mlm_period_member m JOIN mlm_period_run p ON p.id = m.run_id AND p.result_attempt = m.attempt;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP VIEW IF EXISTS mlm_period_member_current;`)
    this.addSql(`DROP VIEW IF EXISTS mlm_period_result_current;`)
    this.addSql(`DELETE FROM mlm_period_result r USING mlm_period_run p WHERE p.id = r.run_id AND r.attempt IS DISTINCT FROM p.result_attempt;`)
    this.addSql(`DELETE FROM mlm_period_member m USING mlm_period_run p WHERE p.id = m.run_id AND m.attempt IS DISTINCT FROM p.result_attempt;`)
    this.addSql(`ALTER TABLE mlm_period_result DROP CONSTRAINT mlm_period_result_pkey, ADD PRIMARY KEY (run_id, beneficiary_node, bonus, level), DROP COLUMN attempt;`)
    this.addSql(`ALTER TABLE mlm_period_member DROP CONSTRAINT mlm_period_member_pkey, ADD PRIMARY KEY (run_id, node_id), DROP COLUMN attempt;`)
    this.addSql(`ALTER TABLE mlm_period_run DROP COLUMN result_attempt, DROP COLUMN write_attempts;`)
  }
}
