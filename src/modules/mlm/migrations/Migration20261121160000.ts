import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Two costs that grew with the table rather than with the work:
 *
 * 1. The statement trigger that checks sponsor paths after an UPDATE of mlm_distributor found
 *    the rows whose path or sponsor changed by joining its two transition tables. They carry no
 *    statistics, so the join was planned as a nested loop: O(rows²) for every UPDATE, including
 *    the PV and rank updates that touch no path (a million rank changes at a period close took
 *    hours until close.ts turned nested loops off). A set difference (EXCEPT, hashed) finds the
 *    same rows in one pass; the checks that follow only ever see the rows that really changed.
 *
 * 2. Per-row foreign keys from the period results to their run: a period run writes 1.6 million
 *    result and member rows, and each row's key check (a SELECT ... FOR KEY SHARE of the same
 *    run row) was 4.5 µs of the 10 µs a row cost. The writer checks that the run exists once,
 *    when it takes its attempt number (periods/write.ts), and a run that still has results cannot
 *    be deleted.
 */
export class Migration20261121160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION mlm_distributor_paths_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM (SELECT id, sponsor_id, path FROM new_rows EXCEPT SELECT id, sponsor_id, path FROM old_rows) changed
        ) THEN
          RETURN NULL;
        END IF;
        PERFORM mlm_assert_tree_lock(true);
        -- Each row whose path or sponsor changed extends its sponsor's path ...
        PERFORM mlm_raise_bad_path(n.id)
           FROM (SELECT id, node_id, sponsor_id, path FROM new_rows EXCEPT SELECT id, node_id, sponsor_id, path FROM old_rows) n
           LEFT JOIN mlm_distributor s ON s.id = n.sponsor_id
          WHERE n.path IS DISTINCT FROM CASE WHEN n.sponsor_id IS NULL THEN ARRAY[n.node_id] ELSE s.path || n.node_id END;
        -- ... and so does each child of a row whose path changed (a move that left part of a
        -- subtree behind fails).
        PERFORM mlm_raise_bad_path(c.id)
           FROM (SELECT id, path FROM new_rows EXCEPT SELECT id, path FROM old_rows) n
           JOIN mlm_distributor c ON c.sponsor_id = n.id
          WHERE c.path IS DISTINCT FROM n.path || c.node_id;
        RETURN NULL;
      END $$;`)

    this.addSql(`ALTER TABLE mlm_period_result DROP CONSTRAINT IF EXISTS mlm_period_result_run_id_fkey;`)
    this.addSql(`ALTER TABLE mlm_period_member DROP CONSTRAINT IF EXISTS mlm_period_member_run_id_fkey;`)
    this.addSql(`
      CREATE FUNCTION mlm_period_run_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM mlm_period_result WHERE run_id = OLD.id) OR EXISTS (SELECT 1 FROM mlm_period_member WHERE run_id = OLD.id) THEN
          RAISE EXCEPTION 'mlm_period_run %: its results must be deleted first', OLD.id USING ERRCODE = '23503';
        END IF;
        RETURN OLD;
      END $$;`)
    this.addSql(`CREATE TRIGGER mlm_period_run_delete_guard BEFORE DELETE ON mlm_period_run FOR EACH ROW EXECUTE FUNCTION mlm_period_run_delete_guard();`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TRIGGER IF EXISTS mlm_period_run_delete_guard ON mlm_period_run;`)
    this.addSql(`DROP FUNCTION IF EXISTS mlm_period_run_delete_guard();`)
    this.addSql(`ALTER TABLE mlm_period_result ADD CONSTRAINT mlm_period_result_run_id_fkey FOREIGN KEY (run_id) REFERENCES mlm_period_run (id);`)
    this.addSql(`ALTER TABLE mlm_period_member ADD CONSTRAINT mlm_period_member_run_id_fkey FOREIGN KEY (run_id) REFERENCES mlm_period_run (id);`)
    this.addSql(`
      CREATE OR REPLACE FUNCTION mlm_distributor_paths_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.path IS DISTINCT FROM o.path OR n.sponsor_id IS DISTINCT FROM o.sponsor_id
        ) THEN
          RETURN NULL;
        END IF;
        PERFORM mlm_assert_tree_lock(true);
        PERFORM mlm_raise_bad_path(n.id)
           FROM new_rows n JOIN old_rows o ON o.id = n.id
           LEFT JOIN mlm_distributor s ON s.id = n.sponsor_id
          WHERE (n.path IS DISTINCT FROM o.path OR n.sponsor_id IS DISTINCT FROM o.sponsor_id)
            AND n.path IS DISTINCT FROM CASE WHEN n.sponsor_id IS NULL THEN ARRAY[n.node_id] ELSE s.path || n.node_id END;
        PERFORM mlm_raise_bad_path(c.id)
           FROM new_rows n JOIN old_rows o ON o.id = n.id
           JOIN mlm_distributor c ON c.sponsor_id = n.id
          WHERE n.path IS DISTINCT FROM o.path
            AND c.path IS DISTINCT FROM n.path || c.node_id;
        RETURN NULL;
      END $$;`)
  }
}
