import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Holds per source instead of an index over every pending line (docs/ledger.md, Holds).
 *
 * The release loop found due lines through a partial index on mlm_ledger_line (hold_until)
 * WHERE status = 'pending': every new order line entered it, 50 index entries for a 50-line
 * order, 110–320 µs of PostgreSQL time per order in the worker's write. All lines of one source
 * (an order, an adjustment) share their hold, so one row per source in mlm_ledger_hold carries
 * the same information: the writers add it next to the lines, the release loop takes due rows
 * and releases their lines through the ledger's identity index (source_id, source_kind, ...).
 */
export class Migration20261121180000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE mlm_ledger_hold (
        source_kind text NOT NULL CHECK (source_kind IN ('order', 'adjustment')),
        source_id text NOT NULL,
        hold_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, source_kind)
      );`)
    this.addSql(`CREATE INDEX mlm_ledger_hold_due ON mlm_ledger_hold (hold_until);`)
    this.addSql(`INSERT INTO mlm_ledger_hold (source_kind, source_id, hold_until)
      SELECT source_kind, source_id, min(hold_until) FROM mlm_ledger_line
       WHERE status = 'pending' AND hold_until IS NOT NULL AND source_kind IN ('order', 'adjustment')
       GROUP BY source_kind, source_id;`)
    this.addSql(`DROP INDEX IF EXISTS mlm_ledger_line_held;`)
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX mlm_ledger_line_held ON mlm_ledger_line (hold_until) WHERE status = 'pending';`)
    this.addSql(`DROP TABLE IF EXISTS mlm_ledger_hold;`)
  }
}
