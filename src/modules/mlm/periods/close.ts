/**
 * Closing a period run (docs/periods.md): in ONE transaction the run goes computed → closed
 * (closed_at, closed_by), its mlm_period_result rows become ledger lines (source_kind 'period',
 * source_id = the run id, status 'available', the run's plan version), and each distributor's
 * rank becomes the rank the run reached. The ledger's unique line identity (source_id,
 * source_kind, beneficiary_node, bonus, level) absorbs a second posting of the same run, so even
 * a close retried after a lost COMMIT acknowledgement posts each line once.
 *
 * A period can only close after it has ended, and after every earlier period of its currency has
 * closed (its carry in must be final). Closing takes the per-run lock of write.ts, so it never
 * interleaves with a worker still writing that run.
 */
import type { SqlDb } from "../commissions/sql-db"
import { recordDomainAudit, userOrSystem, type AuditContext } from "../security/audit-context"
import { periodBounds } from "../domain/period-key"
import { PeriodRunClosedError, PeriodRunNotFoundError, PeriodRunStateError } from "./errors"
import { periodChain } from "./period-chain"
import { selectCurrencyRuns, selectRun, type PeriodRunDTO } from "./run-rows"
import { lockRun } from "./write"

export interface CloseOutcome {
  run: PeriodRunDTO
  posted_lines: number
  ranks_changed: number
}

export async function closePeriodRun(db: SqlDb, runId: string, actorId: string | null, now: Date, audit?: AuditContext): Promise<CloseOutcome> {
  return db.transaction(async (exec) => {
    await lockRun(exec, runId)
    const [run] = await exec<PeriodRunDTO>(`SELECT * FROM mlm_period_run WHERE id = $1 FOR UPDATE`, [runId])
    if (!run) throw new PeriodRunNotFoundError(runId)
    if (run.status === "closed") throw new PeriodRunClosedError(runId, "closed again")
    if (run.status !== "computed") {
      throw new PeriodRunStateError(`Period run ${runId} is ${run.status}: only a computed run can be closed`)
    }
    const { end } = periodBounds(run.period_key)
    if (end.getTime() > now.getTime()) {
      throw new PeriodRunStateError(`Period ${run.period_key} ends at ${end.toISOString()}: it cannot be closed before it has ended`)
    }
    const chain = periodChain(await selectCurrencyRuns(exec, run.currency_code), run.period_key)
    if (chain.openBefore) {
      throw new PeriodRunStateError(`Period ${chain.openBefore.period_key} (run ${chain.openBefore.id}) is not closed: close the periods in order`)
    }

    await exec(`UPDATE mlm_period_run SET status = 'closed', closed_at = $2, closed_by = $3 WHERE id = $1`, [runId, now, actorId])
    const [posted] = await exec<{ n: string }>(
      `WITH posted AS (
         INSERT INTO mlm_ledger_line
           (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id,
            order_id, base_minor, rate_bp, status, hold_until)
         SELECT 'period', r.run_id, r.beneficiary_node, r.bonus, r.level, r.amount_minor, $2, $3,
                NULL, r.base_minor, r.rate_bp, 'available', NULL
           FROM mlm_period_result_current r WHERE r.run_id = $1
         ON CONFLICT (source_id, source_kind, beneficiary_node, bonus, level) DO NOTHING
         RETURNING 1)
       SELECT count(*) AS n FROM posted`,
      [runId, run.currency_code, run.plan_version_id]
    )
    let ranksChanged = 0
    if (run.summary?.ranks_evaluated === true) {
      // Members of the period without a member row reached no rank; members who enrolled after
      // it were not evaluated and keep theirs.
      const [changed] = await exec<{ n: string }>(
        `WITH reached AS (
           SELECT d.node_id, m.rank
             FROM mlm_distributor d
             LEFT JOIN mlm_period_member_current m ON m.run_id = $1 AND m.node_id = d.node_id
            WHERE d.enrolled_at < $2 OR m.node_id IS NOT NULL),
         changed AS (
           UPDATE mlm_distributor d SET rank = reached.rank, updated_at = now()
             FROM reached
            WHERE d.node_id = reached.node_id AND d.rank IS DISTINCT FROM reached.rank
           RETURNING 1)
         SELECT count(*) AS n FROM changed`,
        [runId, end]
      )
      ranksChanged = Number(changed.n)
    }
    await recordDomainAudit(exec, {
      event: "mlm_period_closed",
      target_type: "period_run",
      target_id: runId,
      before: { status: run.status },
      after: {
        status: "closed",
        period_key: run.period_key,
        currency_code: run.currency_code,
        plan_version_id: run.plan_version_id,
        posted_lines: Number(posted.n),
        ranks_changed: ranksChanged,
      },
    }, audit ?? userOrSystem(actorId, "period-runs"))
    const closed = (await selectRun(exec, runId))!
    return { run: closed, posted_lines: Number(posted.n), ranks_changed: ranksChanged }
  })
}
