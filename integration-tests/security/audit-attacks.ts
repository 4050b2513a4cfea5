import type { AxiosInstance } from "axios"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import type { AdminCaller } from "../helpers/admin-auth"
import type { HttpClient } from "../helpers/http"
import { ADMIN_MFA, verifyChallenge } from "../helpers/mfa"
import { bearerHash, lastSeq, npmAuditVerify, siemExport, STEP_UP, superuser, type SiemLine } from "./audit-fixture"

/** The booted store audit.spec.ts shares with these tests; `produce` makes the audited changes (seqs of the move and status rows). */
export type AuditSuite = {
  api: AxiosInstance
  http: HttpClient
  admin: AdminCaller
  exec: SqlExec
  url: string
  produce: () => Promise<{ move: number; status: number }>
}

const MICROSECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

export function siemExportTests(context: () => AuditSuite) {
  it("needs a challenge from the last 5 minutes, and a refused export writes no data_exported row", async () => {
    const { api, http, admin, exec } = context()
    await exec(`UPDATE mlm_mfa_session SET completed_at = now() - interval '6 minutes' WHERE session_hash = $1`, [bearerHash(admin.headers)])
    const refused = await siemExport(api, "", admin.headers)
    expect([refused.status, refused.message]).toEqual([403, STEP_UP])
    expect(await exec(`SELECT seq FROM mlm_audit_log WHERE event = 'data_exported' AND target_type = 'audit_log'`)).toEqual([])
    await verifyChallenge(http, ADMIN_MFA, admin.headers, admin.mfa!)
    const tooMany = await siemExport(api, "?limit=100001", admin.headers)
    expect([tooMany.status, tooMany.message]).toEqual([400, "Invalid request: Value for field 'limit' too big, expected at most: '100000'"])
  })

  it("pages by cursor: every row exactly once, in order, as JSON lines; each page audited with its range", async () => {
    const { api, http, admin, exec, produce } = context()
    const produced = await produce()
    expect((await http.get("/admin/mlm/no-such-route", admin.headers)).status).toBe(403)
    const end = await lastSeq(exec)
    const lines: SiemLine[] = []
    const pages: { after_seq: number; through_seq: number; rows: number }[] = []
    let cursor = 0
    while (cursor < end) {
      const page = await siemExport(api, `?after_seq=${cursor}&limit=4`, admin.headers)
      expect([page.status, page.contentType, page.lines.length]).toEqual([200, "application/x-ndjson; charset=utf-8", page.rows])
      expect(page.nextAfterSeq).toBe(page.lines.length ? page.lines[page.lines.length - 1].seq : cursor)
      pages.push({ after_seq: cursor, through_seq: page.nextAfterSeq, rows: page.rows })
      lines.push(...page.lines)
      cursor = page.nextAfterSeq
    }
    expect(pages.length).toBeGreaterThan(3)

    // Exactly the table up to the last cursor, in seq order, each row once, linked line to line.
    const table = await exec<{ seq: string; hash: string }>(`SELECT seq::text AS seq, hash FROM mlm_audit_log l WHERE l.seq <= $1 ORDER BY l.seq`, [cursor])
    expect(lines.map((line) => [line.seq, line.hash])).toEqual(table.map((row) => [Number(row.seq), row.hash]))
    lines.slice(1).forEach((line, index) => expect([line.seq, line.prev_hash]).toEqual([line.seq, lines[index].hash]))

    const exported = await exec<{ actor_id: string; after: unknown }>(
      `SELECT actor_id, after FROM mlm_audit_log WHERE event = 'data_exported' AND target_type = 'audit_log' ORDER BY seq`,
    )
    expect(exported).toEqual(pages.map((page) => ({ actor_id: admin.userId, after: { format: "medusa-plugin-mlm/siem-ndjson@1", ...page } })))

    const move = lines.find((line) => line.seq === produced.move)!
    expect(move).toEqual({
      datetime: expect.stringMatching(MICROSECONDS),
      appid: "medusa-plugin-mlm",
      event: `mlm_sponsor_moved:${admin.userId},${(move.target as { id: string }).id}`,
      event_name: "mlm_sponsor_moved",
      level: "INFO",
      description: `user ${admin.userId} moved a distributor to another sponsor (distributor ${(move.target as { id: string }).id})`,
      useragent: expect.stringMatching(/^axios\//),
      source_ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/),
      actor: { type: "user", id: admin.userId },
      target: { type: "distributor", id: expect.stringMatching(/^mlmdist_/) },
      outcome: "success",
      before: { sponsor_id: expect.any(String) },
      after: { sponsor_id: expect.any(String), subtree_size: 2, reason: "wrong sponsor" },
      seq: produced.move,
      prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    const refusal = lines.find((line) => line.event_name === "authz_fail")!
    expect(refusal).toMatchObject({ level: "CRITICAL", outcome: "denied", request_uri: "/admin/mlm/no-such-route", request_method: "GET" })

    const past = await siemExport(api, `?after_seq=${cursor + 1000}`, admin.headers)
    expect([past.status, past.lines, past.nextAfterSeq, past.rows]).toEqual([200, [], cursor + 1000, 0])
  })
}

export function tamperTests(context: () => AuditSuite) {
  const verify = async () => (await context().http.get("/admin/mlm/audit/verify", context().admin.headers)).data
  const rowsBefore = async (seq: number) =>
    Number((await context().exec<{ n: string }>(`SELECT count(*)::text AS n FROM mlm_audit_log WHERE seq < $1`, [seq]))[0].n)
  const snapshot = (exec: SqlExec) => exec(`SELECT * FROM mlm_audit_log ORDER BY seq`)

  it("refuses UPDATE and DELETE while the trigger is on (55000) and changes nothing", async () => {
    const { exec, url, produce } = context()
    const produced = await produce()
    const before = await snapshot(exec)
    const client = await superuser(url)
    try {
      for (const statement of [`UPDATE mlm_audit_log SET outcome = 'failure' WHERE seq = $1`, `DELETE FROM mlm_audit_log WHERE seq = $1`]) {
        await expect(client.query(statement, [produced.move])).rejects.toMatchObject({ code: "55000", message: "mlm_audit_log is append-only" })
      }
    } finally {
      await client.end()
    }
    expect(await snapshot(exec)).toEqual(before)
  })

  it("finds a row edited with the trigger disabled (hash mismatch at that seq), in the route and npm run audit:verify (exit 1)", async () => {
    const { url, produce } = context()
    const produced = await produce()
    const checkedBefore = await rowsBefore(produced.move)
    const client = await superuser(url)
    try {
      await client.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER mlm_audit_log_append_only`)
      await client.query(`UPDATE mlm_audit_log SET after = jsonb_set(after, '{reason}', '"nothing to see"') WHERE seq = $1`, [produced.move])
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`)

      const report = await verify()
      expect([report.ok, report.rows_checked, report.first_broken.seq, report.first_broken.reason]).toEqual([false, checkedBefore, produced.move, "hash_mismatch"])
      const cli = await npmAuditVerify(url)
      expect([cli.code, cli.stdout.split("\n")[0]]).toEqual([1, `audit:verify: BROKEN at seq ${produced.move} (hash_mismatch): ${report.first_broken.detail}`])

      // Also rehashing the edited row only moves the break to the next link.
      await client.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER mlm_audit_log_append_only`)
      await client.query(
        `UPDATE mlm_audit_log l SET hash = encode(sha256(convert_to(l.prev_hash || '|' || mlm_audit_row_text(l), 'UTF8')), 'hex') WHERE seq = $1`,
        [produced.move],
      )
      const relinked = await verify()
      expect([relinked.first_broken.seq, relinked.first_broken.reason]).toEqual([produced.status, "prev_hash_mismatch"])
    } finally {
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`).catch(() => undefined)
      await client.end()
    }
  })

  it("finds a deleted middle row as a gap at its seq; the row put back exactly verifies again", async () => {
    const { exec, url, produce } = context()
    const produced = await produce()
    const client = await superuser(url)
    try {
      const checkedBefore = await rowsBefore(produced.status)
      await client.query(`CREATE TEMP TABLE kept AS SELECT * FROM mlm_audit_log WHERE seq = $1`, [produced.status])
      await client.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER mlm_audit_log_append_only`)
      await client.query(`DELETE FROM mlm_audit_log WHERE seq = $1`, [produced.status])
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`)
      const report = await verify()
      expect([report.ok, report.rows_checked, report.first_broken.seq, report.first_broken.reason]).toEqual([false, checkedBefore, produced.status, "gap"])
      const cli = await npmAuditVerify(url)
      expect([cli.code, cli.stdout.split("\n")[0]]).toEqual([1, `audit:verify: BROKEN at seq ${produced.status} (gap): ${report.first_broken.detail}`])

      // Put the row back exactly (both triggers off: the chain trigger would renumber it).
      await client.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER USER`)
      await client.query(`INSERT INTO mlm_audit_log SELECT * FROM kept`)
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER USER`)
      expect((await verify()).ok).toBe(true)
      expect((await exec(`SELECT count(*)::int AS n FROM mlm_audit_log WHERE seq = $1`, [produced.status]))[0]).toEqual({ n: 1 })
    } finally {
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER USER`).catch(() => undefined)
      await client.end()
    }
  })

  it("an anchor kept outside the database (a row's seq and hash, as the SIEM export carries) exposes a tail rewritten to verify", async () => {
    const { exec, url, produce } = context()
    const produced = await produce()
    const [anchor] = await exec<{ seq: string; hash: string }>(`SELECT seq::text AS seq, hash FROM mlm_audit_log WHERE seq = $1`, [produced.status])
    const client = await superuser(url)
    try {
      await client.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER mlm_audit_log_append_only`)
      await client.query(`UPDATE mlm_audit_log SET after = jsonb_set(after, '{reason}', '"rewritten"') WHERE seq = $1`, [produced.status])
      await relinkFrom(client, produced.status)
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`)
    } finally {
      await client.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`).catch(() => undefined)
      await client.end()
    }
    expect((await verify()).ok).toBe(true)
    const cli = await npmAuditVerify(url, ["--anchor", `${anchor.seq}:${anchor.hash}`])
    expect([cli.code, cli.stdout.split("\n")[0]]).toEqual([1, expect.stringMatching(new RegExp(`^audit:verify: BROKEN at seq ${anchor.seq} \\(anchor_mismatch\\): anchor ${anchor.seq}:${anchor.hash} is not in the chain: row ${anchor.seq} has hash [0-9a-f]{64}$`))])
  })
}

/** Recomputes prev_hash and hash of every row from `seq` on, as the trigger would have. */
async function relinkFrom(client: { query(sql: string, params?: unknown[]): Promise<unknown> }, seq: number): Promise<void> {
  await client.query(
    `DO $$
     DECLARE r mlm_audit_log; previous text;
     BEGIN
       SELECT hash INTO previous FROM mlm_audit_log WHERE seq < ${Number(seq)} ORDER BY seq DESC LIMIT 1;
       FOR r IN SELECT * FROM mlm_audit_log WHERE seq >= ${Number(seq)} ORDER BY seq LOOP
         r.prev_hash := coalesce(previous, repeat('0', 64));
         r.hash := encode(sha256(convert_to(r.prev_hash || '|' || mlm_audit_row_text(r), 'UTF8')), 'hex');
         UPDATE mlm_audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE seq = r.seq;
         previous := r.hash;
       END LOOP;
     END $$`,
  )
}
