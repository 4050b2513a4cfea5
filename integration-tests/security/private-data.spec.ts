import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { knexSqlDb, type SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { rotateKeysFromEnv } from "../../src/modules/mlm/security/key-rotation-cli"
import { rotateSubjectKeys } from "../../src/modules/mlm/security/key-rotation"
import { Keyring } from "../../src/modules/mlm/security/keyring"
import { writePrivateData } from "../../src/modules/mlm/security/private-data"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { registerCustomer } from "../helpers/customer-auth"
import { httpClient, type CallerHeaders, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

const ALICE = { tax_id: "de 123-456 789", date_of_birth: "1980-04-02", phone: "+4915112345678" }
const PLAINTEXTS = ["DE123456789", "123-456", "123456789", "1980-04-02", "+4915112345678", "4915112345678", "ba_secretToken42"]
const UNREADABLE = (field: string, id: string) =>
  `Stored value does not authenticate: ${field} of distributor ${id} was tampered with or moved from another row`

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConfig }) => {
    let http: HttpClient
    let admin: AdminCaller
    let container: MedusaContainer
    let store: StoreFixture

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      store = await createStoreFixture(container)
    })

    const knex = () => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const db = (): SqlDb => knexSqlDb(knex() as unknown as Parameters<typeof knexSqlDb>[0])
    const sql = async <Row = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db().exec<Row>(text, params))
    const put = (url: string, body: unknown, headers: CallerHeaders = admin.headers) =>
      (api as AxiosInstance).put(url, body, { headers, validateStatus: () => true })
    const get = (url: string, headers: CallerHeaders = admin.headers) => http.get(url, headers)
    const post = (url: string, body: unknown, headers: CallerHeaders = admin.headers) => http.post(url, body, headers)
    const auditRows = (event: string, targetId: string) =>
      sql<{ actor_type: string; actor_id: string; before: unknown; after: Record<string, unknown>; outcome: string }>(
        `SELECT actor_type, actor_id, before, after, outcome FROM mlm_audit_log WHERE event = $1 AND target_id = $2 ORDER BY seq`,
        [event, targetId],
      )
    const privateUrl = (id: string) => `/admin/mlm/distributors/${id}/private`

    describe("admin personal data", () => {
      it("stores encrypted fields, answers masked by default and plaintext on reveal (audited), never plaintext in audit rows", async () => {
        const { alice } = await buildTree(container, { alice: null })

        const written = await put(privateUrl(alice.id), ALICE)
        expect(written.status).toBe(200)
        expect(written.data.private).toEqual({
          distributor_id: alice.id,
          revealed: false,
          erased_at: null,
          tax_id: "***6789",
          date_of_birth: "****-**-**",
          phone: "+49*********78",
          bank: null,
          bank_hidden: false,
          tax_id_shared_with: [],
          updated_by: `user:${admin.userId}`,
          updated_at: expect.any(String),
        })
        expect((await get(privateUrl(alice.id))).data.private).toEqual(written.data.private)

        const revealed = await get(`${privateUrl(alice.id)}?reveal=true`)
        expect(revealed.status).toBe(200)
        expect(revealed.data.private).toMatchObject({ revealed: true, tax_id: "DE123456789", date_of_birth: "1980-04-02", phone: "+4915112345678", bank: null })

        const [viewed] = await auditRows("data_viewed", alice.id)
        expect(viewed).toMatchObject({ actor_type: "user", actor_id: admin.userId, after: { fields: ["tax_id", "date_of_birth", "phone"] } })
        const [updated] = await auditRows("data_updated", alice.id)
        expect(updated.before).toEqual({ fields: { tax_id: null, date_of_birth: null, phone: null, bank_token: null, bank_last4: null } })
        const [key] = await sql<{ kek_id: string }>(`SELECT kek_id FROM mlm_subject_key WHERE subject_id = $1`, [alice.id])
        expect(key.kek_id).toBe("t2")
        expect(updated.after).toMatchObject({ changed: ["tax_id", "date_of_birth", "phone"], kek_id: "t2", data_key_id: expect.stringMatching(/^dk[0-9a-f]{16}$/) })
        const dataKeyId = updated.after.data_key_id
        expect(updated.after.fields).toEqual({ tax_id: dataKeyId, date_of_birth: dataKeyId, phone: dataKeyId, bank_token: null, bank_last4: null })
        const audit = JSON.stringify(await sql(`SELECT * FROM mlm_audit_log`))
        for (const plaintext of PLAINTEXTS) expect(audit).not.toContain(plaintext)
      })

      it("keeps no plaintext in the tables: every stored value is ciphertext under the subject's key", async () => {
        const { alice } = await buildTree(container, { alice: null })
        expect((await put(privateUrl(alice.id), ALICE)).status).toBe(200)
        expect((await put(`${privateUrl(alice.id)}/bank`, { token: "ba_secretToken42", last4: "6789" })).status).toBe(200)

        const [row] = await sql<Record<string, string>>(`SELECT * FROM mlm_distributor_private WHERE distributor_id = $1`, [alice.id])
        for (const column of ["tax_id_enc", "date_of_birth_enc", "phone_enc", "bank_token_enc"]) {
          expect(row[column]).toMatch(/^v1\.dk[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/)
        }
        expect(row.tax_id_bidx).toMatch(/^[0-9a-f]{64}$/)
        expect(row.bank_last4).toBe("6789")
        const stored = JSON.stringify(await sql(`SELECT p.*, k.* FROM mlm_distributor_private p JOIN mlm_subject_key k ON k.subject_id = p.distributor_id`))
        for (const plaintext of PLAINTEXTS) expect(stored).not.toContain(plaintext)
        const [{ n }] = await sql<{ n: string }>(
          `SELECT count(*) AS n FROM mlm_distributor_private WHERE concat_ws('|', tax_id_enc, date_of_birth_enc, phone_enc, bank_token_enc) ~ '(DE123456789|1980-04-02|4915112345678|ba_secretToken42)'`,
        )
        expect(n).toBe("0")
      })

      it("support sees personal fields but never payout details; roles without the permission get 403s", async () => {
        const { alice } = await buildTree(container, { alice: null })
        await put(privateUrl(alice.id), ALICE)
        await put(`${privateUrl(alice.id)}/bank`, { token: "ba_secretToken42", last4: "6789" })
        const support = await createCallerWithRole(container, http, "support")

        const masked = await get(privateUrl(alice.id), support.headers)
        expect(masked.data.private).toMatchObject({ tax_id: "***6789", bank: null, bank_hidden: true })
        const revealed = await get(`${privateUrl(alice.id)}?reveal=true`, support.headers)
        expect(revealed.data.private).toMatchObject({ tax_id: "DE123456789", phone: "+4915112345678", bank: null, bank_hidden: true })
        const [viewed] = await auditRows("data_viewed", alice.id)
        expect(viewed).toMatchObject({ actor_id: support.userId, after: { fields: ["tax_id", "date_of_birth", "phone"] } })
        const written = await put(privateUrl(alice.id), { phone: null }, support.headers)
        expect(written.data.private).toMatchObject({ phone: null, bank: null, bank_hidden: true })

        const refusals = [
          await put(`${privateUrl(alice.id)}/bank`, { token: "ba_other", last4: "1111" }, support.headers),
          await post(`/admin/mlm/distributors/${alice.id}/export`, {}, support.headers),
          await post(`/admin/mlm/distributors/${alice.id}/erase`, { reason: "x" }, support.headers),
        ]
        expect(refusals.map((response) => [response.status, response.data.message])).toEqual([
          [403, "Your MLM role (support) does not grant the permission payouts.write"],
          [403, "Your MLM role (support) does not grant the permission exports"],
          [403, "Your MLM role (support) does not grant the permission distributors.erase"],
        ])
        const viewer = await createCallerWithRole(container, http, "viewer")
        const denied = await get(privateUrl(alice.id), viewer.headers)
        expect([denied.status, denied.data.message]).toEqual([403, "Your MLM role (viewer) does not grant the permission pii.read"])
        expect((await get(`${privateUrl(alice.id)}?reveal=true`)).data.private.bank).toEqual({ token: "ba_secretToken42", last4: "6789" })
        expect(await auditRows("data_deleted", alice.id)).toEqual([])
      })

      it("bank details: token + last four only, card numbers refused with a 400 and nothing written", async () => {
        const { alice } = await buildTree(container, { alice: null })
        const bankUrl = `${privateUrl(alice.id)}/bank`

        for (const token of ["4242424242424242", "4242 4242 4242 4242", "tok_4111111111111111"]) {
          const refused = await put(bankUrl, { token, last4: "4242" })
          expect([refused.status, refused.data.message]).toEqual([400, "Invalid request: Card numbers are never stored"])
        }
        expect(await sql(`SELECT * FROM mlm_distributor_private WHERE distributor_id = $1`, [alice.id])).toEqual([])
        expect(await sql(`SELECT * FROM mlm_subject_key WHERE subject_id = $1`, [alice.id])).toEqual([])

        const saved = await put(bankUrl, { token: "ba_secretToken42", last4: "6789" })
        expect(saved.status).toBe(200)
        expect(saved.data.private.bank).toEqual({ token: "***", last4: "6789" })
        expect((await get(`${privateUrl(alice.id)}?reveal=true`)).data.private.bank).toEqual({ token: "ba_secretToken42", last4: "6789" })
        const cleared = await http.delete(bankUrl, admin.headers)
        expect([cleared.status, cleared.data.private.bank]).toEqual([200, null])
      })

      it("refuses bad input with a 400 naming the field, and unknown or mass-assigned fields", async () => {
        const { alice } = await buildTree(container, { alice: null })
        const cases: [unknown, string][] = [
          [{ tax_id: "DE1" }, "Invalid request: tax_id must be 4-20 letters and digits once spaces and dashes are removed"],
          [{ tax_id: "DE12<script>" }, "Invalid request: tax_id must contain only letters, digits, spaces and dashes"],
          [{ date_of_birth: "2999-01-01" }, "Invalid request: date_of_birth must be an ISO date (YYYY-MM-DD) in the past, from 1900-01-01"],
          [{ date_of_birth: "1899-12-31" }, "Invalid request: date_of_birth must be an ISO date (YYYY-MM-DD) in the past, from 1900-01-01"],
          [{ phone: "0151 1234567" }, "Invalid request: phone must be in E.164 format, e.g. +4915112345678"],
          [{ tax_id_bidx: "0".repeat(64) }, "Invalid request: Unrecognized fields: 'tax_id_bidx'"],
          [{ phone: "+4915112345678", bank: { token: "x", last4: "1234" } }, "Invalid request: Unrecognized fields: 'bank'"],
          [{}, "Invalid request: Give at least one of tax_id, date_of_birth, phone"],
        ]
        for (const [body, message] of cases) {
          const response = await put(privateUrl(alice.id), body)
          expect([JSON.stringify(body), response.status, response.data.message]).toEqual([JSON.stringify(body), 400, message])
        }
        expect((await get(`${privateUrl(alice.id)}?reveal=yes`)).status).toBe(400)
        expect((await put(privateUrl("mlmdist_nope"), { phone: "+4915112345678" })).status).toBe(404)
        expect(await sql(`SELECT * FROM mlm_distributor_private`)).toEqual([])
      })

      it("finds accounts sharing a tax ID through the blind index (sybil detection)", async () => {
        const tree = await buildTree(container, { alice: null, bob: null, carol: "alice", dave: null })
        await put(privateUrl(tree.alice.id), { tax_id: "DE123456789" })
        await put(privateUrl(tree.carol.id), { tax_id: "de-123 456-789" })
        await put(privateUrl(tree.bob.id), { tax_id: "FR987654321" })
        await put(privateUrl(tree.dave.id), { phone: "+4915112345678" })

        const duplicates = await get("/admin/mlm/private/duplicate-tax-ids")
        expect(duplicates.status).toBe(200)
        expect(duplicates.data).toEqual({
          groups: [{ distributor_ids: [tree.alice.id, tree.carol.id].sort(), count: 2 }],
          count: 1,
          limit: 20,
          offset: 0,
        })
        expect((await get(privateUrl(tree.alice.id))).data.private.tax_id_shared_with).toEqual([tree.carol.id])
        expect((await get(privateUrl(tree.bob.id))).data.private.tax_id_shared_with).toEqual([])
        expect((await get("/admin/mlm/private/duplicate-tax-ids?limit=1000")).status).toBe(400)
      })

      it("a ciphertext moved by SQL to another row or field is refused with a 409, never a 500", async () => {
        const { alice, bob } = await buildTree(container, { alice: null, bob: null })
        await put(privateUrl(alice.id), ALICE)
        await put(privateUrl(bob.id), { tax_id: "FR987654321", phone: "+33612345678" })

        await sql(`UPDATE mlm_distributor_private SET tax_id_enc = (SELECT tax_id_enc FROM mlm_distributor_private WHERE distributor_id = $2) WHERE distributor_id = $1`, [alice.id, bob.id])
        for (const url of [privateUrl(alice.id), `${privateUrl(alice.id)}?reveal=true`]) {
          const refused = await get(url)
          expect([refused.status, refused.data.message]).toEqual([409, UNREADABLE("tax_id", alice.id)])
        }
        const exported = await post(`/admin/mlm/distributors/${alice.id}/export`, {})
        expect([exported.status, exported.data.message]).toEqual([409, UNREADABLE("tax_id", alice.id)])

        // Within one row: bob's tax ID copied into his phone column.
        await sql(`UPDATE mlm_distributor_private SET phone_enc = tax_id_enc WHERE distributor_id = $1`, [bob.id])
        const moved = await get(privateUrl(bob.id))
        expect([moved.status, moved.data.message]).toEqual([409, UNREADABLE("phone", bob.id)])

        // A wrapped data key moved to another subject does not unwrap either.
        await sql(`UPDATE mlm_subject_key SET wrapped_key = (SELECT wrapped_key FROM mlm_subject_key WHERE subject_id = $2) WHERE subject_id = $1`, [bob.id, alice.id])
        const wrongKey = await get(privateUrl(bob.id))
        expect([wrongKey.status, wrongKey.data.message]).toEqual([409, UNREADABLE("the data key", bob.id)])
        expect(await auditRows("data_viewed", alice.id)).toEqual([])
        expect(await auditRows("data_exported", alice.id)).toEqual([])
      })
    })

    describe("store: a distributor's own personal data", () => {
      it("reads and writes only the caller's own record; another distributor's data is not reachable", async () => {
        const { alice } = await buildTree(container, { alice: null })
        await put(privateUrl(alice.id), ALICE)
        const shopper = await registerCustomer(http, store.storeHeaders, { email: "sam@private.test", first_name: "Sam" })
        const { distributor: sam } = await mlmOf(container).enroll({ customer_id: shopper.customerId, sponsor_id: alice.id, source: "seed" })
        const me = "/store/mlm/me/private"

        const empty = await get(me, shopper.headers)
        expect(empty.status).toBe(200)
        expect(empty.data.private).toEqual({ revealed: false, erased_at: null, tax_id: null, date_of_birth: null, phone: null, bank: null, updated_at: null })

        const saved = await put(me, { tax_id: "NL 0012-3456", phone: "+31612345678" }, shopper.headers)
        expect(saved.status).toBe(200)
        expect(saved.data.private).toMatchObject({ tax_id: "***3456", phone: "+31*******78", date_of_birth: null })
        expect(Object.keys(saved.data.private)).not.toContain("tax_id_shared_with")
        const bank = await put(`${me}/bank`, { token: "4111-1111-1111-1111", last4: "1111" }, shopper.headers)
        expect([bank.status, bank.data.message]).toEqual([400, "Invalid request: Card numbers are never stored"])

        const revealed = await get(`${me}?reveal=true`, shopper.headers)
        expect(revealed.data.private).toMatchObject({ revealed: true, tax_id: "NL00123456", phone: "+31612345678" })
        const [viewed] = await auditRows("data_viewed", sam.id)
        expect(viewed).toMatchObject({ actor_type: "customer", actor_id: shopper.customerId })
        const [updated] = await auditRows("data_updated", sam.id)
        expect(updated).toMatchObject({ actor_type: "customer", actor_id: shopper.customerId })

        // No parameter names another distributor; ids in the query are refused, alice is untouched.
        expect((await get(`${me}?distributor_id=${alice.id}`, shopper.headers)).status).toBe(400)
        expect((await put(`${me}?distributor_id=${alice.id}`, { phone: "+4900000000" }, shopper.headers)).status).toBe(400)
        expect((await put(me, { distributor_id: alice.id, phone: "+4900000000" }, shopper.headers)).status).toBe(400)
        expect((await get(`/store/mlm/distributors/${alice.id}/private`, shopper.headers)).status).toBe(404)
        expect((await get(`${privateUrl(alice.id)}?reveal=true`)).data.private.phone).toBe("+4915112345678")

        const stranger = await registerCustomer(http, store.storeHeaders, { email: "nobody@private.test", first_name: "Nobody" })
        const notDistributor = await get(me, stranger.headers)
        expect([notDistributor.status, notDistributor.data.message]).toEqual([404, "You are not a distributor"])
        expect((await get(me, store.storeHeaders)).status).toBe(401)
      })
    })

    describe("export and erasure", () => {
      async function aliceWithHistory() {
        const tree = await buildTree(container, { alice: null, bob: "alice" })
        const mlm = mlmOf(container)
        await put(privateUrl(tree.alice.id), ALICE)
        await put(`${privateUrl(tree.alice.id)}/bank`, { token: "ba_secretToken42", last4: "6789" })
        await mlm.setStatus({ distributor_id: tree.alice.id, status: "suspended", actor_id: admin.userId, reason: "kyc check" })
        const [{ node_id: node }] = await sql<{ node_id: number }>(`SELECT node_id FROM mlm_distributor WHERE id = $1`, [tree.alice.id])
        await sql(
          `INSERT INTO mlm_commission_record (order_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor, total_minor, items, zero_terms, period_key, placed_at, hold_until)
           VALUES ('order_a1', 'USD', $1, $2, 'distributor', 5000, 5000, 5500, '[]'::jsonb, '[]'::jsonb, '2026-11', now(), now())`,
          [tree.alice.customer_id, node],
        )
        await sql(
          `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, order_id, base_minor, rate_bp, status)
           VALUES ('order', 'order_b1', $1, 'unilevel', 1, 1234, 'USD', 'mlmplanv_x', 'order_b1', 12340, 1000, 'pending'),
                  ('order', 'order_b2', $1, 'unilevel', 1, 567, 'USD', 'mlmplanv_x', 'order_b2', 5670, 1000, 'available')`,
          [node],
        )
        return { alice: tree.alice, bob: tree.bob, node: Number(node) }
      }
      const ledgerOf = (node: number) => sql(`SELECT id, amount_minor, status FROM mlm_ledger_line WHERE beneficiary_node = $1 ORDER BY id`, [node])

      it("exports everything held about the distributor as JSON, audited as data_exported", async () => {
        const { alice, node } = await aliceWithHistory()
        const exported = await post(`/admin/mlm/distributors/${alice.id}/export`, {})
        expect(exported.status).toBe(200)
        const document = exported.data.export
        expect(document.format).toBe("medusa-plugin-mlm/subject-export@1")
        expect(document.distributor).toMatchObject({ id: alice.id, node_id: node, customer_id: alice.customer_id, status: "suspended", erased_at: null })
        expect(document.customer).toEqual({ id: alice.customer_id, email: "alice@tree.test", first_name: "Alice", last_name: "Tree" })
        expect(document.private).toMatchObject({ tax_id: "DE123456789", date_of_birth: "1980-04-02", phone: "+4915112345678", bank: { token: "ba_secretToken42", last4: "6789" } })
        expect(document.history.status_changes).toMatchObject([{ from_status: "active", to_status: "suspended", reason: "kyc check" }])
        expect(document.ledger_lines.map((line: { amount_minor: number; status: string }) => [line.amount_minor, line.status])).toEqual([[1234, "pending"], [567, "available"]])
        expect(document.commission_records).toMatchObject([{ order_id: "order_a1", cv_minor: 5000, total_minor: 5500 }])
        const events = document.audit.map((row: { event: string }) => row.event)
        expect(events.filter((event: string) => event.startsWith("data_"))).toEqual(["data_updated", "data_updated"])
        expect((await post(`/admin/mlm/distributors/${alice.id}/export`, { format: "csv" })).status).toBe(400)

        const [audited] = await auditRows("data_exported", alice.id)
        expect(audited).toMatchObject({ actor_type: "user", actor_id: admin.userId, after: { private_fields: ["tax_id", "date_of_birth", "phone", "bank"], ledger_lines: 2, commission_records: 1, audit_rows: events.length } })
        expect(JSON.stringify(audited)).not.toContain("DE123456789")
      })

      it("erases: personal data and data key gone (a copied ciphertext stays unreadable), node kept, ledger unchanged, idempotent", async () => {
        const { alice, bob, node } = await aliceWithHistory()
        const ledgerBefore = await ledgerOf(node)
        const [backup] = await sql<Record<string, string>>(`SELECT * FROM mlm_distributor_private WHERE distributor_id = $1`, [alice.id])

        expect((await post(`/admin/mlm/distributors/${alice.id}/erase`, {})).status).toBe(400)
        const erased = await post(`/admin/mlm/distributors/${alice.id}/erase`, { reason: "GDPR art. 17 request #42" })
        expect(erased.status).toBe(200)
        expect(erased.data.erasure).toEqual({ distributor_id: alice.id, erased_at: expect.any(String), already_erased: false })

        expect(await sql(`SELECT * FROM mlm_distributor_private WHERE distributor_id = $1`, [alice.id])).toEqual([])
        expect(await sql(`SELECT * FROM mlm_subject_key WHERE subject_id = $1`, [alice.id])).toEqual([])
        expect(await ledgerOf(node)).toEqual(ledgerBefore)
        const kept = await get(`/admin/mlm/distributors/${alice.id}`)
        expect(kept.data.distributor).toMatchObject({ id: alice.id, customer_id: alice.customer_id, depth: 1, status: "suspended" })
        expect((await mlmOf(container).getUpline(bob.id, {})).map((ancestor) => ancestor.id)).toContain(alice.id)

        const revealed = await get(`${privateUrl(alice.id)}?reveal=true`)
        expect(revealed.data.private).toMatchObject({ erased_at: erased.data.erasure.erased_at, tax_id: null, date_of_birth: null, phone: null, bank: null })
        const exported = (await post(`/admin/mlm/distributors/${alice.id}/export`, {})).data.export
        expect(exported.private).toBeNull()
        expect(exported.distributor.erased_at).toBe(erased.data.erasure.erased_at)
        expect(exported.ledger_lines).toHaveLength(2)
        const refused = await put(privateUrl(alice.id), { phone: "+4915112345678" })
        expect([refused.status, refused.data.message]).toEqual([409, `Distributor ${alice.id} was erased; personal data cannot be stored for it again`])

        // A copy of the ciphertext (a backup) put back by SQL: no data key exists to read it.
        await sql(`INSERT INTO mlm_distributor_private (distributor_id, tax_id_enc) VALUES ($1, $2)`, [alice.id, backup.tax_id_enc])
        const restored = await get(`${privateUrl(alice.id)}?reveal=true`)
        expect([restored.status, restored.data.message]).toEqual([409, UNREADABLE("tax_id", alice.id)])

        const again = await post(`/admin/mlm/distributors/${alice.id}/erase`, { reason: "retry" })
        expect([again.status, again.data.erasure]).toEqual([200, { ...erased.data.erasure, already_erased: true }])
        const deletions = await auditRows("data_deleted", alice.id)
        expect(deletions).toHaveLength(1)
        expect(deletions[0]).toMatchObject({
          actor_id: admin.userId,
          before: { kek_id: "t2", fields: { bank_last4: "set" } },
          after: { reason: "GDPR art. 17 request #42", data_key_shredded: true, customer_id_kept: true },
        })
        expect(JSON.stringify(deletions)).not.toMatch(/DE123456789|6789|ba_secretToken42/)

        const house = await mlmOf(container).ensureHouse()
        const houseErase = await post(`/admin/mlm/distributors/${house.id}/erase`, { reason: "no" })
        expect([houseErase.status, houseErase.data.message]).toEqual([400, "The house distributor holds no personal data and cannot be erased"])
        expect((await post(`/admin/mlm/distributors/mlmdist_nope/erase`, { reason: "x" })).status).toBe(404)
      })
    })

    describe("key rotation", () => {
      const keyringWith = (active: "t1" | "t2") => new Keyring({ ...Keyring.configFromEnv()!, active_key_id: active })

      async function subjectsUnderT1(count: number): Promise<string[]> {
        const names = Object.fromEntries(Array.from({ length: count }, (_, index) => [`r${index}`, null]))
        const tree = await buildTree(container, names)
        const ids = Object.values(tree).map((distributor) => distributor.id)
        const oldKeyring = keyringWith("t1")
        for (const [index, id] of ids.entries()) {
          await db().transaction((exec) =>
            writePrivateData(exec, oldKeyring, { distributor_id: id, changes: { tax_id: `DE10000000${index}`, phone: `+4915100000${index}` }, actor: { type: "user", id: "test" } }),
          )
        }
        return ids.sort()
      }
      const kekIds = async () =>
        (await sql<{ kek_id: string; n: string }>(`SELECT kek_id, count(*) AS n FROM mlm_subject_key GROUP BY kek_id ORDER BY kek_id`)).map((row) => [row.kek_id, Number(row.n)])

      it("re-wraps every key still under t1 in batches; an interrupted run resumes; every value still decrypts", async () => {
        const ids = await subjectsUnderT1(5)
        expect(await kekIds()).toEqual([["t1", 5]])

        const first = await rotateSubjectKeys(db(), keyringWith("t2"), { batchSize: 2, maxBatches: 1 })
        expect(first).toMatchObject({ active_key_id: "t2", batches: 1, rewrapped: 2, from_key_ids: { t1: 2 }, failed: 0, remaining: 3, complete: false })
        expect(await kekIds()).toEqual([["t1", 3], ["t2", 2]])
        const rotatedFirst = await sql<{ subject_id: string }>(`SELECT subject_id FROM mlm_subject_key WHERE kek_id = 't2' ORDER BY subject_id`)
        expect(rotatedFirst.map((row) => row.subject_id)).toEqual(ids.slice(0, 2))

        const progress: number[] = []
        const rest = await rotateSubjectKeys(db(), keyringWith("t2"), { batchSize: 2, onProgress: (step) => progress.push(step.rewrapped) })
        expect(rest).toMatchObject({ batches: 2, rewrapped: 3, from_key_ids: { t1: 3 }, failed: 0, remaining: 0, complete: true })
        expect(progress).toEqual([2, 3])
        expect(await kekIds()).toEqual([["t2", 5]])

        const taxIds: string[] = []
        for (const id of ids) {
          const revealed = await get(`${privateUrl(id)}?reveal=true`)
          expect(revealed.status).toBe(200)
          taxIds.push(revealed.data.private.tax_id)
        }
        expect(taxIds.sort()).toEqual(["DE100000000", "DE100000001", "DE100000002", "DE100000003", "DE100000004"])
        const audits = await sql<{ after: Record<string, unknown>; outcome: string }>(`SELECT after, outcome FROM mlm_audit_log WHERE event = 'sys_crypto_key_rotated' ORDER BY seq`)
        expect(audits).toEqual([
          { outcome: "success", after: { active_key_id: "t2", rewrapped: 2, from_key_ids: { t1: 2 }, failed: 0, failed_subjects: [], remaining: 3, batches: 1, complete: false } },
          { outcome: "success", after: { active_key_id: "t2", rewrapped: 3, from_key_ids: { t1: 3 }, failed: 0, failed_subjects: [], remaining: 0, batches: 2, complete: true } },
        ])
        const again = await rotateSubjectKeys(db(), keyringWith("t2"))
        expect(again).toMatchObject({ batches: 0, rewrapped: 0, remaining: 0, complete: true })
      })

      it("npm run keys:rotate (from the environment) prints progress and reports keys it cannot unwrap", async () => {
        const ids = await subjectsUnderT1(3)
        await sql(`INSERT INTO mlm_subject_key (subject_id, kek_id, wrapped_key) VALUES ('zz_orphan', 't9', 'v1.t9.AAAA.AAAA.AAAA')`)
        const lines: string[] = []
        const summary = await rotateKeysFromEnv({ ...process.env, DATABASE_URL: dbConfig.clientUrl, MLM_ROTATE_BATCH_SIZE: "2" }, (line) => lines.push(line))

        expect(summary).toMatchObject({ rewrapped: 3, failed: 1, remaining: 1, complete: true, failures: [{ subject_id: "zz_orphan", reason: "Encrypted value uses key t9, which is not in the keyring" }] })
        expect(lines).toEqual([
          "keys:rotate: re-wrapping subject keys to t2, 2 per batch",
          `keys:rotate: batch 1: 2 re-wrapped, 0 failed (through ${ids[1]})`,
          "keys:rotate: batch 2: 3 re-wrapped, 1 failed (through zz_orphan)",
          "keys:rotate: done: 3 re-wrapped (3 from t1), 1 failed, 1 not under t2",
          "keys:rotate: zz_orphan: Encrypted value uses key t9, which is not in the keyring",
        ])
        const [audit] = await sql<{ outcome: string; after: Record<string, unknown> }>(`SELECT outcome, after FROM mlm_audit_log WHERE event = 'sys_crypto_key_rotated'`)
        expect(audit).toMatchObject({ outcome: "failure", after: { failed: 1, failed_subjects: ["zz_orphan"], remaining: 1 } })
        await expect(rotateKeysFromEnv({ MLM_ENCRYPTION_KEYS: "" }, () => undefined)).rejects.toThrow(
          "keys:rotate: bad environment: DATABASE_URL is required (postgres://user:password@host:port/database); MLM_ENCRYPTION_KEYS is required: every key id still in use and the new active one, <id>:<base64>,...",
        )
      })
    })
  },
})
