import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121021558 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "mlm_board" ("id" text not null, "board_key" text not null, "stage" integer not null, "status" text check ("status" in ('open', 'full', 'split')) not null default 'open', "capacity" integer not null, "split_from_id" text null, "filled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_board_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_board_deleted_at" ON "mlm_board" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_board_seat" ("id" text not null, "board_id" text not null, "distributor_id" text not null, "position" integer not null, "seated_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_board_seat_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_board_seat_deleted_at" ON "mlm_board_seat" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_checkout_enrollment" ("id" text not null, "order_id" text not null, "customer_id" text null, "referral_code" text null, "opt_in" boolean not null, "outcome" text check ("outcome" in ('enrolled', 'already_distributor', 'attributed', 'skipped')) not null, "reason" text null, "distributor_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_checkout_enrollment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_checkout_enrollment_deleted_at" ON "mlm_checkout_enrollment" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_customer_attribution" ("id" text not null, "customer_id" text not null, "referrer_id" text not null, "source" text not null, "source_ref" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_customer_attribution_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_customer_attribution_deleted_at" ON "mlm_customer_attribution" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_distributor" ("id" text not null, "node_id" serial, "customer_id" text null, "referral_code" text not null, "status" text check ("status" in ('pending', 'active', 'suspended', 'terminated')) not null default 'pending', "sponsor_id" text null, "is_house" boolean not null default false, "enrolled_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_distributor_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_distributor_deleted_at" ON "mlm_distributor" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_distributor_status" ON "mlm_distributor" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_placement" ("id" text not null, "tree_type" text check ("tree_type" in ('binary', 'matrix')) not null, "tree_key" text not null, "distributor_id" text not null, "parent_placement_id" text null, "position" integer null, "depth" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_placement_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_placement_deleted_at" ON "mlm_placement" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_sponsor_move" ("id" text not null, "distributor_id" text not null, "from_sponsor_id" text not null, "to_sponsor_id" text not null, "subtree_size" integer not null, "actor_id" text not null, "reason" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_sponsor_move_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_sponsor_move_deleted_at" ON "mlm_sponsor_move" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_sponsor_move_distributor_id" ON "mlm_sponsor_move" ("distributor_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mlm_status_change" ("id" text not null, "distributor_id" text not null, "from_status" text not null, "to_status" text not null, "actor_id" text not null, "reason" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mlm_status_change_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_status_change_deleted_at" ON "mlm_status_change" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mlm_status_change_distributor_id" ON "mlm_status_change" ("distributor_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mlm_board" cascade;`);

    this.addSql(`drop table if exists "mlm_board_seat" cascade;`);

    this.addSql(`drop table if exists "mlm_checkout_enrollment" cascade;`);

    this.addSql(`drop table if exists "mlm_customer_attribution" cascade;`);

    this.addSql(`drop table if exists "mlm_distributor" cascade;`);

    this.addSql(`drop table if exists "mlm_placement" cascade;`);

    this.addSql(`drop table if exists "mlm_sponsor_move" cascade;`);

    this.addSql(`drop table if exists "mlm_status_change" cascade;`);
  }

}
