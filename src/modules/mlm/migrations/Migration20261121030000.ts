import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { SPONSOR_TREE_LOCK_KEY } from "../repositories/tree-lock"
import { PATH_KEY_LENGTH } from "../repositories/subtree-range"

/**
 * What the DML cannot say (docs/data-model.md): the sponsor tree's int[] path with its
 * generated btree key and depth, plain (non-partial) unique indexes that hold for every row ever
 * written, check constraints, the path-invariant trigger (every path = sponsor's path || own
 * node_id, which rules out cycles) and append-only history.
 */
export class Migration20261121030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE mlm_distributor
        ADD COLUMN path int[] NOT NULL,
        ADD COLUMN path_key int[] GENERATED ALWAYS AS (path[1:${PATH_KEY_LENGTH}]) STORED,
        ADD COLUMN depth int GENERATED ALWAYS AS (cardinality(path) - 1) STORED,
        ADD COLUMN pv_period_key text NULL,
        ADD COLUMN pv_minor bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT mlm_distributor_path_ends_with_node CHECK (cardinality(path) >= 1 AND path[cardinality(path)] = node_id),
        ADD CONSTRAINT mlm_distributor_house_is_root CHECK ((sponsor_id IS NULL) = is_house),
        ADD CONSTRAINT mlm_distributor_referral_code_format CHECK (referral_code ~ '^[0-9A-Z]{4,32}$'),
        ADD CONSTRAINT mlm_distributor_sponsor_fk FOREIGN KEY (sponsor_id) REFERENCES mlm_distributor (id);`)
    this.addSql(`CREATE INDEX mlm_distributor_sponsor_id ON mlm_distributor (sponsor_id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_distributor_node_id_unique ON mlm_distributor (node_id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_distributor_customer_id_unique ON mlm_distributor (customer_id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_distributor_referral_code_unique ON mlm_distributor (upper(referral_code) text_pattern_ops);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_distributor_one_house ON mlm_distributor (is_house) WHERE is_house;`)
    // Subtree ranges in pre-order; INCLUDE makes per-level counts and volume index-only scans.
    this.addSql(`CREATE INDEX mlm_distributor_path_key ON mlm_distributor (path_key) INCLUDE (depth, status, pv_period_key, pv_minor, deleted_at);`)
    // Level-ordered downline pages: one ordered range per level.
    this.addSql(`CREATE INDEX mlm_distributor_depth_path_key ON mlm_distributor (depth, path_key);`)

    this.addSql(`
      CREATE FUNCTION mlm_assert_tree_lock(exclusive boolean) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM pg_locks
           WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
             AND classid = 0 AND objid = ${SPONSOR_TREE_LOCK_KEY} AND objsubid = 1
             AND (NOT exclusive OR mode = 'ExclusiveLock')
        ) THEN
          RAISE EXCEPTION 'mlm_distributor paths may only change under the sponsor tree lock (%)',
            CASE WHEN exclusive THEN 'exclusive' ELSE 'shared or exclusive' END USING ERRCODE = '55P03';
        END IF;
      END $$;`)
    this.addSql(`
      CREATE FUNCTION mlm_raise_bad_path(distributor_id text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'mlm_distributor %: path must be its sponsor''s path followed by its node_id', distributor_id
          USING ERRCODE = '23514';
      END $$;`)
    this.addSql(`
      CREATE FUNCTION mlm_distributor_paths_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM mlm_assert_tree_lock(false);
        PERFORM mlm_raise_bad_path(n.id)
           FROM new_rows n LEFT JOIN mlm_distributor s ON s.id = n.sponsor_id
          WHERE n.path IS DISTINCT FROM CASE WHEN n.sponsor_id IS NULL THEN ARRAY[n.node_id] ELSE s.path || n.node_id END;
        RETURN NULL;
      END $$;`)
    // Statement-level: a subtree move is one UPDATE, checked once after all its rows are
    // written: each row whose path or sponsor changed extends its sponsor's path, and so
    // does each child of such a row (a move that left part of a subtree behind fails).
    this.addSql(`
      CREATE FUNCTION mlm_distributor_paths_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
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
    this.addSql(`CREATE TRIGGER mlm_distributor_paths_insert AFTER INSERT ON mlm_distributor
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mlm_distributor_paths_after_insert();`)
    this.addSql(`CREATE TRIGGER mlm_distributor_paths_update AFTER UPDATE ON mlm_distributor
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mlm_distributor_paths_after_update();`)
    this.addSql(`CREATE FUNCTION mlm_distributor_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'mlm_distributor rows are never deleted (terminate them)' USING ERRCODE = '55000'; END $$;`)
    this.addSql(`CREATE TRIGGER mlm_distributor_no_delete BEFORE DELETE ON mlm_distributor FOR EACH ROW EXECUTE FUNCTION mlm_distributor_no_delete();`)

    this.addSql(`CREATE UNIQUE INDEX mlm_customer_attribution_customer_unique ON mlm_customer_attribution (customer_id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_checkout_enrollment_order_unique ON mlm_checkout_enrollment (order_id);`)

    this.addSql(`
      CREATE FUNCTION mlm_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '55000'; END $$;`)
    for (const table of ["mlm_sponsor_move", "mlm_status_change"]) {
      this.addSql(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION mlm_history_is_append_only();`)
    }
    this.addSql(`ALTER TABLE mlm_status_change
      ADD CONSTRAINT mlm_status_change_from CHECK (from_status IN ('pending', 'active', 'suspended', 'terminated')),
      ADD CONSTRAINT mlm_status_change_to CHECK (to_status IN ('pending', 'active', 'suspended', 'terminated'));`)

    // Placement trees (binary, matrix): separate from the sponsor relation, same path scheme.
    this.addSql(`
      ALTER TABLE mlm_placement
        ADD COLUMN path int[] NOT NULL,
        ADD COLUMN path_key int[] GENERATED ALWAYS AS (path[1:${PATH_KEY_LENGTH}]) STORED,
        ADD CONSTRAINT mlm_placement_position CHECK (position IS NULL OR position >= 0),
        ADD CONSTRAINT mlm_placement_root_has_no_position CHECK ((parent_placement_id IS NULL) = (position IS NULL)),
        ADD CONSTRAINT mlm_placement_depth CHECK (depth = cardinality(path) - 1),
        ADD CONSTRAINT mlm_placement_parent_fk FOREIGN KEY (parent_placement_id) REFERENCES mlm_placement (id),
        ADD CONSTRAINT mlm_placement_distributor_fk FOREIGN KEY (distributor_id) REFERENCES mlm_distributor (id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_placement_one_seat_per_position ON mlm_placement (tree_type, tree_key, coalesce(parent_placement_id, ''), coalesce(position, -1));`)
    this.addSql(`CREATE UNIQUE INDEX mlm_placement_one_seat_per_member ON mlm_placement (tree_type, tree_key, distributor_id);`)
    this.addSql(`CREATE INDEX mlm_placement_subtree ON mlm_placement (tree_type, tree_key, path_key) INCLUDE (depth);`)

    this.addSql(`ALTER TABLE mlm_board
      ADD CONSTRAINT mlm_board_capacity CHECK (capacity > 0),
      ADD CONSTRAINT mlm_board_stage CHECK (stage >= 1),
      ADD CONSTRAINT mlm_board_split_from_fk FOREIGN KEY (split_from_id) REFERENCES mlm_board (id);`)
    this.addSql(`ALTER TABLE mlm_board_seat
      ADD CONSTRAINT mlm_board_seat_position CHECK (position >= 0),
      ADD CONSTRAINT mlm_board_seat_board_fk FOREIGN KEY (board_id) REFERENCES mlm_board (id),
      ADD CONSTRAINT mlm_board_seat_distributor_fk FOREIGN KEY (distributor_id) REFERENCES mlm_distributor (id);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_board_seat_position_unique ON mlm_board_seat (board_id, position);`)
    this.addSql(`CREATE UNIQUE INDEX mlm_board_seat_member_unique ON mlm_board_seat (board_id, distributor_id);`)
    this.addSql(`CREATE INDEX mlm_board_open ON mlm_board (board_key, stage, created_at) WHERE status = 'open';`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TRIGGER IF EXISTS mlm_distributor_paths_insert ON mlm_distributor;`)
    this.addSql(`DROP TRIGGER IF EXISTS mlm_distributor_paths_update ON mlm_distributor;`)
    this.addSql(`DROP TRIGGER IF EXISTS mlm_distributor_no_delete ON mlm_distributor;`)
    this.addSql(`DROP TRIGGER IF EXISTS mlm_sponsor_move_append_only ON mlm_sponsor_move;`)
    this.addSql(`DROP TRIGGER IF EXISTS mlm_status_change_append_only ON mlm_status_change;`)
    this.addSql(`DROP FUNCTION IF EXISTS mlm_distributor_paths_after_insert(), mlm_distributor_paths_after_update(),
      mlm_raise_bad_path(text), mlm_assert_tree_lock(boolean), mlm_distributor_no_delete(), mlm_history_is_append_only();`)
    this.addSql(`ALTER TABLE mlm_placement DROP COLUMN path_key, DROP COLUMN path;`)
    this.addSql(`ALTER TABLE mlm_distributor DROP COLUMN pv_minor, DROP COLUMN pv_period_key, DROP COLUMN depth, DROP COLUMN path_key, DROP COLUMN path;`)
  }
}
