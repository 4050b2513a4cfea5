import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Append-only also against TRUNCATE (a statement-level operation the row triggers never see):
 * the audit log, the ledger and the history tables refuse it.
 */
const APPEND_ONLY_TABLES = ["mlm_audit_log", "mlm_ledger_line", "mlm_commission_adjustment", "mlm_plan_version", "mlm_sponsor_move", "mlm_status_change"]

export class Migration20261121150000 extends Migration {
  override async up(): Promise<void> {
    for (const table of APPEND_ONLY_TABLES) {
      this.addSql(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION mlm_history_is_append_only();`)
    }
  }

  override async down(): Promise<void> {
    for (const table of APPEND_ONLY_TABLES) this.addSql(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table};`)
  }
}
