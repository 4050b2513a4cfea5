import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * An order's payout terms are kept once (docs/ledger.md, "Records and terms").
 *
 * The record used to carry every term as JSON, and the ledger carried every term worth something
 * again as a line (payee, bonus, level, rate, base). Writing the JSON copy cost about a fifth of
 * the worker's PostgreSQL time per order (parsing 50 objects, then compressing them into TOAST).
 * Now the record keeps only the terms that posted no line (`zero_terms`: worth 0 on the full CV,
 * and so worth 0 on any lower net CV), and `mlm_order_terms()` gives the whole list back: the
 * order's own lines as terms, in payout order, then the zero ones.
 *
 * Existing records keep exactly the terms no line of theirs stands for.
 */
export class Migration20261121190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE mlm_commission_record ADD COLUMN zero_terms jsonb NOT NULL DEFAULT '[]'::jsonb;`)
    this.addSql(`
      UPDATE mlm_commission_record r
         SET zero_terms = coalesce((
               SELECT jsonb_agg(e.term ORDER BY e.ord)
                 FROM jsonb_array_elements(r.terms) WITH ORDINALITY AS e(term, ord)
                WHERE NOT EXISTS (
                        SELECT 1 FROM mlm_ledger_line l
                         WHERE l.source_id = r.order_id AND l.source_kind = 'order'
                           AND l.beneficiary_node = (e.term->>'to')::int AND l.bonus = e.term->>'bonus'
                           AND l.level = (e.term->>'level')::int)), '[]'::jsonb)
       WHERE r.terms <> '[]'::jsonb;`)
    this.addSql(`ALTER TABLE mlm_commission_record DROP COLUMN terms;`)
    // A term and its order line: to = beneficiary_node; a rate term's base is the order's CV, a
    // fixed term's base is its full amount (writeOrderBatch).
    this.addSql(`
      CREATE FUNCTION mlm_order_terms(p_order_id text, p_zero_terms jsonb) RETURNS jsonb
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'to', l.beneficiary_node, 'bonus', l.bonus, 'level', l.level, 'rateBp', l.rate_bp,
                 'fullMinor', CASE WHEN l.rate_bp IS NULL THEN l.base_minor END) ORDER BY l.id), '[]'::jsonb) || p_zero_terms
          FROM mlm_ledger_line l
         WHERE l.source_id = p_order_id AND l.source_kind = 'order'
      $$;`)
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE mlm_commission_record ADD COLUMN terms jsonb NOT NULL DEFAULT '[]'::jsonb;`)
    this.addSql(`UPDATE mlm_commission_record SET terms = mlm_order_terms(order_id, zero_terms);`)
    this.addSql(`ALTER TABLE mlm_commission_record ALTER COLUMN terms DROP DEFAULT, DROP COLUMN zero_terms;`)
    this.addSql(`DROP FUNCTION IF EXISTS mlm_order_terms(text, jsonb);`)
  }
}
