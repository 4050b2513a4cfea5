import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createHash } from "node:crypto"
import { grantMlmRoleToUser } from "../../src/api/security/role-grants"
import { timeStepAt } from "../../src/modules/mlm/security/totp"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { registerCustomer } from "../helpers/customer-auth"
import { expectOk, httpClient, type CallerHeaders, type HttpClient } from "../helpers/http"
import { ADMIN_MFA, awayFromStepEdge, codeForStep, enrollAndConfirm, STORE_MFA, unusedCode, verifyChallenge } from "../helpers/mfa"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

/**
 * Attacks on the plugin's MFA and abuse limits (docs/security.md, "MFA and abuse limits"): each
 * asserts the status, the message, and that nothing changed (no challenge recorded, no data
 * written). Codes are computed from the secret the API returned, on the server's clock.
 */

const ENROLL_ADMIN = "MFA is required: enroll a TOTP factor at /admin/mlm/mfa/enroll"
const ENROLL_STORE = "MFA is required: enroll a TOTP factor at /store/mlm/mfa/enroll"
const CHALLENGE_ADMIN = "Complete an MFA challenge at /admin/mlm/mfa/verify to use this route"
const CHALLENGE_STORE = "Complete an MFA challenge at /store/mlm/mfa/verify to use this route"
const STEP_UP = "This action needs an MFA challenge completed in the last 5 minutes: verify again at /admin/mlm/mfa/verify"
const INVALID = "Invalid MFA code"
const REPLAYED = "This MFA code was already used: wait for the next code"
const UNILEVEL_USD = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }

let serial = 0
const unique = (tag: string) => `${tag}-${Date.now()}-${++serial}@mfa.test`
const nowStep = () => timeStepAt(Date.now() / 1000)
const bearerHash = (headers: CallerHeaders) => createHash("sha256").update(`bearer:${headers.authorization.slice("Bearer ".length)}`).digest("hex")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let store: StoreFixture

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
    })

    const put = (url: string, body: unknown, headers: CallerHeaders) => api.put(url, body, { headers, validateStatus: () => true })

    const sql = async <Row = Record<string, unknown>>(text: string, bindings: (string | number)[] = []): Promise<Row[]> =>
      (await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(text, bindings)).rows as Row[]

    const factorOf = async (actorType: "user" | "customer", actorId: string) =>
      (
        await sql<{ failed_attempts: number; last_step: string | null; confirmed: boolean; locked: boolean; forever: boolean; codes: number; secret_enc: string }>(
          `SELECT failed_attempts, last_step::text AS last_step, confirmed_at IS NOT NULL AS confirmed,
             coalesce(locked_until > now(), false) AS locked, coalesce(locked_until = 'infinity', false) AS forever,
             cardinality(recovery_code_hashes)::int AS codes, secret_enc
           FROM mlm_mfa_factor WHERE actor_type = ? AND actor_id = ?`,
          [actorType, actorId]
        )
      )[0]
    const sessionsOf = async (actorId: string) =>
      Number((await sql<{ n: string }>("SELECT count(*) AS n FROM mlm_mfa_session WHERE actor_id = ?", [actorId]))[0].n)
    const auditCount = async (event: string, actorId: string) =>
      Number((await sql<{ n: string }>("SELECT count(*) AS n FROM mlm_audit_log WHERE event = ? AND actor_id = ?", [event, actorId]))[0].n)
    const distributorCount = async () => Number((await sql<{ n: string }>("SELECT count(*) AS n FROM mlm_distributor"))[0].n)

    /**
     * Another login of the same account, as a cookie session: a new session without a challenge.
     * (Two bearer logins in the same second get byte-identical JWTs, which are one credential and
     * so one MFA session; a cookie session has its own id every time.)
     */
    const cookieSession = async (bearer: CallerHeaders): Promise<CallerHeaders> => {
      const response = expectOk(await http.post("/auth/session", {}, bearer))
      const cookie = (response.headers["set-cookie"] ?? []).map((entry: string) => entry.split(";")[0]).join("; ")
      expect(cookie).toMatch(/^connect\.sid=/)
      const { authorization: _bearer, ...rest } = bearer
      return { ...rest, cookie }
    }
    const loginAdmin = async (email: string, password = "admin-password-1"): Promise<CallerHeaders> =>
      cookieSession({ authorization: `Bearer ${expectOk(await http.post("/auth/user/emailpass", { email, password }, {})).data.token}` })
    const loginCustomer = async (email: string): Promise<CallerHeaders> =>
      cookieSession({
        ...store.storeHeaders,
        authorization: `Bearer ${expectOk(await http.post("/auth/customer/emailpass", { email, password: "shopper-password-1" }, {})).data.token}`,
      })
    const newAdmin = async (): Promise<AdminCaller & { email: string }> => {
      const email = unique("admin")
      return { ...(await createAdminCaller(container, http, email)), email }
    }

    describe("MFA is required", () => {
      it("an MLM admin without a factor is told to enroll, on reads and writes, and nothing is written", async () => {
        const email = unique("nofactor")
        const bare = await createAdminCaller(container, http, email, "admin-password-1", null)
        await grantMlmRoleToUser(container, bare.userId, "admin", "test")
        const before = await distributorCount()

        const read = await http.get("/admin/mlm/distributors", bare.headers)
        const write = await http.post("/admin/mlm/distributors", { customer_id: "cus_x" }, bare.headers)
        const plans = await http.get("/admin/mlm/plans", bare.headers)

        for (const response of [read, write, plans]) expect([response.status, response.data.message]).toEqual([403, ENROLL_ADMIN])
        expect(await distributorCount()).toBe(before)
        expect(await auditCount("authn_mfa_required", bare.userId)).toBe(3)

        // The MFA routes themselves stay open to it: that is how it enrolls.
        expect(expectOk(await http.get(`${ADMIN_MFA}/status`, bare.headers)).data.mfa).toEqual({
          factor: "none",
          recovery_codes_left: 0,
          locked_for_seconds: null,
          challenge: null,
        })
        const enrolled = expectOk(await http.post(`${ADMIN_MFA}/enroll`, {}, bare.headers), 201)
        expect(enrolled.headers["cache-control"]).toBe("no-store")
        expect(enrolled.data.secret).toMatch(/^[A-Z2-7]{32}$/)
        expect(enrolled.data.otpauth_uri).toBe(`otpauth://totp/MLM:${encodeURIComponent(email)}?secret=${enrolled.data.secret}&issuer=MLM`)
        const pending = await http.get("/admin/mlm/distributors", bare.headers)
        expect([pending.status, pending.data.message]).toEqual([403, "MFA is required: confirm your TOTP factor at /admin/mlm/mfa/enroll/confirm"])
      })

      it("a distributor without a factor is told to enroll on every /store/mlm/me route", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("shopper"), first_name: "Ned" }, { mfa: false })

        for (const path of ["/store/mlm/me", "/store/mlm/me/downline", "/store/mlm/me/balances", "/store/mlm/me/commissions", "/store/mlm/me/statement", "/store/mlm/me/rank", "/store/mlm/me/volumes"]) {
          const response = await http.get(path, shopper.headers)
          expect({ path, status: response.status, message: response.data.message }).toEqual({ path, status: 403, message: ENROLL_STORE })
        }
        const anonymous = await http.get("/store/mlm/me", store.storeHeaders)
        expect([anonymous.status, anonymous.data.message]).toEqual([401, "Unauthorized"])
      })

      it("a new login of an enrolled account must complete a challenge; one session's challenge does not unlock another", async () => {
        const admin = await newAdmin()
        const second = await loginAdmin(admin.email)
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("shopper"), first_name: "Ona" })
        const shopperSecond = await loginCustomer(shopper.email)

        const adminRefused = await http.get("/admin/mlm/distributors", second)
        const storeRefused = await http.get("/store/mlm/me", shopperSecond)
        expect([adminRefused.status, adminRefused.data.message]).toEqual([403, CHALLENGE_ADMIN])
        expect([storeRefused.status, storeRefused.data.message]).toEqual([403, CHALLENGE_STORE])
        // The first sessions still work.
        expect((await http.get("/admin/mlm/distributors", admin.headers)).status).toBe(200)
        expect((await http.get("/store/mlm/me", shopper.headers)).status).toBe(404)

        await verifyChallenge(http, ADMIN_MFA, second, admin.mfa!)
        await verifyChallenge(http, STORE_MFA, shopperSecond, shopper.mfa!)
        expect((await http.get("/admin/mlm/distributors", second)).status).toBe(200)
        expect([(await http.get("/store/mlm/me", shopperSecond)).status]).toEqual([404])
        expect(await sessionsOf(admin.userId)).toBe(2)
      })
    })

    describe("no replay: a time step is accepted once per account", () => {
      it("sequential: the same code twice, and the enrollment's code again, are refused", async () => {
        const admin = await newAdmin()
        const second = await loginAdmin(admin.email)
        const third = await loginAdmin(admin.email)
        const confirmCode = await codeForStep(admin.mfa!.secret, admin.mfa!.lastStep)

        const oldCode = await http.post(`${ADMIN_MFA}/verify`, { code: confirmCode }, second)
        expect([oldCode.status, oldCode.data.message]).toEqual([401, REPLAYED])

        const { code } = await unusedCode(admin.mfa!.secret, admin.mfa!.lastStep)
        expect((await http.post(`${ADMIN_MFA}/verify`, { code }, second)).status).toBe(200)
        const again = await http.post(`${ADMIN_MFA}/verify`, { code }, third)
        expect([again.status, again.data.message]).toEqual([401, REPLAYED])
        expect((await http.get("/admin/mlm/distributors", third)).status).toBe(403)
        expect(await auditCount("authn_mfa_replay", admin.userId)).toBe(2)
        // Replays are not guesses: they do not count towards the lock.
        expect((await factorOf("user", admin.userId)).failed_attempts).toBe(0)
      })

      it("parallel: 10 sessions send one valid code at once, exactly one passes", async () => {
        const admin = await newAdmin()
        const sessions = await Promise.all(Array.from({ length: 10 }, () => loginAdmin(admin.email)))
        const { code, step } = await unusedCode(admin.mfa!.secret, admin.mfa!.lastStep)

        const responses = await Promise.all(sessions.map((headers) => http.post(`${ADMIN_MFA}/verify`, { code }, headers)))

        const statuses = responses.map((response) => response.status)
        expect(statuses.filter((status) => status === 200)).toHaveLength(1)
        expect(responses.filter((r) => r.status === 401 && r.data.message === REPLAYED)).toHaveLength(9)
        expect(await sessionsOf(admin.userId)).toBe(2) // the helper's login and the one winner
        const winner = sessions[statuses.indexOf(200)]
        expect((await http.get("/admin/mlm/distributors", winner)).status).toBe(200)
        for (const loser of sessions.filter((headers) => headers !== winner)) {
          expect((await http.get("/admin/mlm/distributors", loser)).status).toBe(403)
        }
        expect(Number((await factorOf("user", admin.userId)).last_step)).toBe(step)
        expect(await auditCount("authn_mfa_success", admin.userId)).toBe(1)
        expect(await auditCount("authn_mfa_replay", admin.userId)).toBe(9)
      })

      it("parallel in one session: 10 requests with one code, exactly one 200", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("shopper"), first_name: "Pia" })
        const second = await loginCustomer(shopper.email)
        const { code } = await unusedCode(shopper.mfa!.secret, shopper.mfa!.lastStep)

        const responses = await Promise.all(Array.from({ length: 10 }, () => http.post(`${STORE_MFA}/verify`, { code }, second)))

        expect(responses.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401, 401, 401])
        expect(await sessionsOf(shopper.customerId)).toBe(2)
      })

      it("the window: a code from the next step and one from two steps back are refused", async () => {
        const admin = await newAdmin()
        const second = await loginAdmin(admin.email)
        await awayFromStepEdge(5)
        const future = await codeForStep(admin.mfa!.secret, nowStep() + 1)
        const stale = await codeForStep(admin.mfa!.secret, nowStep() - 2)

        for (const code of [future, stale]) {
          const response = await http.post(`${ADMIN_MFA}/verify`, { code }, second)
          expect([response.status, response.data.message]).toEqual([401, INVALID])
        }
        expect(await sessionsOf(admin.userId)).toBe(1)
        expect((await factorOf("user", admin.userId)).failed_attempts).toBe(2)
        expect((await http.get("/admin/mlm/distributors", second)).status).toBe(403)
      })
    })

    describe("brute force: failures are counted per account", () => {
      it("locks after 5 failures across IPs and sessions; the right code is refused while locked; the lock lifts after 15 minutes", async () => {
        const admin = await newAdmin()
        const sessions = await Promise.all([loginAdmin(admin.email), loginAdmin(admin.email), loginAdmin(admin.email)])
        const wrong = (await codeForStep(admin.mfa!.secret, nowStep())) === "000000" ? "111111" : "000000"

        const answers = []
        for (let attempt = 0; attempt < 5; attempt++) {
          const headers = { ...sessions[attempt % 3], "x-forwarded-for": `203.0.113.${attempt + 1}` }
          const response = await http.post(`${ADMIN_MFA}/verify`, { code: wrong }, headers)
          answers.push([response.status, response.data.message, response.data.attempts_before_lock ?? null, response.headers["retry-after"] ?? null])
        }
        expect(answers).toEqual([
          [401, INVALID, 4, null],
          [401, INVALID, 3, null],
          [401, INVALID, 2, null],
          [401, INVALID, 1, null],
          [429, "Too many failed MFA attempts: try again in 900 seconds", null, "900"],
        ])

        const { code, step } = await unusedCode(admin.mfa!.secret, admin.mfa!.lastStep)
        const locked = await http.post(`${ADMIN_MFA}/verify`, { code }, { ...sessions[0], "x-forwarded-for": "198.51.100.7" })
        expect(locked.status).toBe(429)
        expect(locked.data.message).toMatch(/^Too many failed MFA attempts: try again in (899|900) seconds$/)
        expect(Number(locked.headers["retry-after"])).toBeGreaterThanOrEqual(899)
        expect(await factorOf("user", admin.userId)).toMatchObject({ failed_attempts: 5, locked: true, forever: false })
        expect(await sessionsOf(admin.userId)).toBe(1)
        expect(await auditCount("authn_mfa_fail", admin.userId)).toBe(5)
        expect(await auditCount("authn_mfa_locked", admin.userId)).toBe(2)

        await sql("UPDATE mlm_mfa_factor SET locked_until = now() - interval '1 second' WHERE actor_id = ?", [admin.userId])
        expect((await http.post(`${ADMIN_MFA}/verify`, { code }, sessions[0])).status).toBe(200)
        expect(await factorOf("user", admin.userId)).toMatchObject({ failed_attempts: 0, locked: false, last_step: String(step) })
      })

      it("the 100th consecutive failure locks until an administrator resets the factor", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("shopper"), first_name: "Ray" })
        const second = await loginCustomer(shopper.email)
        await sql("UPDATE mlm_mfa_factor SET failed_attempts = 99 WHERE actor_id = ?", [shopper.customerId])

        const last = await http.post(`${STORE_MFA}/verify`, { code: "000000" }, second)
        const { code } = await unusedCode(shopper.mfa!.secret, shopper.mfa!.lastStep)
        const right = await http.post(`${STORE_MFA}/verify`, { code }, second)

        const message = "MFA is locked after 100 consecutive failed attempts: an administrator must reset it"
        expect([last.status, last.data.message, right.status, right.data.message]).toEqual([403, message, 403, message])
        expect(await factorOf("customer", shopper.customerId)).toMatchObject({ failed_attempts: 100, locked: true, forever: true })

        // An administrator resets it over HTTP (roles.write, step-up); the distributor enrolls again.
        const admin = await newAdmin()
        const seq = Number((await sql<{ seq: string }>("SELECT coalesce(max(seq), 0) AS seq FROM mlm_audit_log"))[0].seq)
        const reset = await http.post("/admin/mlm/security/mfa-resets", { actor_type: "customer", actor_id: shopper.customerId }, admin.headers)
        expect([reset.status, reset.data]).toEqual([200, { actor_type: "customer", actor_id: shopper.customerId, reset: true }])
        expect(await factorOf("customer", shopper.customerId)).toBeUndefined()
        expect(await sessionsOf(shopper.customerId)).toBe(0)
        const audit = await sql("SELECT event, actor_type, actor_id, target_type, target_id, outcome FROM mlm_audit_log WHERE seq > ? AND event = 'authn_mfa_reset'", [seq])
        expect(audit).toEqual([
          { event: "authn_mfa_reset", actor_type: "user", actor_id: admin.userId, target_type: "mfa_factor", target_id: `customer:${shopper.customerId}`, outcome: "success" },
        ])
        const afterReset = await http.get("/store/mlm/me", shopper.headers)
        expect([afterReset.status, afterReset.data.message]).toEqual([403, ENROLL_STORE])
        // Nothing left to reset: a 404, and no second audit row.
        const again = await http.post("/admin/mlm/security/mfa-resets", { actor_type: "customer", actor_id: shopper.customerId }, admin.headers)
        expect([again.status, again.data.message]).toEqual([404, `customer ${shopper.customerId} has no MFA factor`])
        expect(await auditCount("authn_mfa_reset", admin.userId)).toBe(1)
      })

      it("an MFA reset needs roles.write and a recent challenge, refuses one's own account and bad bodies, and resets nothing then", async () => {
        const admin = await newAdmin()
        const victim = await newAdmin()
        const url = "/admin/mlm/security/mfa-resets"
        const body = { actor_type: "user", actor_id: victim.userId }
        const finance = await createCallerWithRole(container, http, "finance")
        const denied = await http.post(url, body, finance.headers)
        expect([denied.status, denied.data.message]).toEqual([403, "Your MLM role (finance) does not grant the permission roles.write"])

        const own = await http.post(url, { actor_type: "user", actor_id: admin.userId }, admin.headers)
        expect([own.status, own.data.message]).toEqual([400, "This is your own account: replace your own factor at /admin/mlm/mfa/enroll"])
        for (const [bad, message] of [
          [{ actor_type: "admin", actor_id: victim.userId }, "Invalid request: Expected: 'user, customer' for field 'actor_type', but got: 'admin'"],
          [{ actor_type: "user", actor_id: "x' OR '1'='1" }, "Invalid request: actor_id must contain only letters, digits, '_' and '-'"],
          [{ ...body, everyone: true }, "Invalid request: Unrecognized fields: 'everyone'"],
        ] as const) {
          const response = await http.post(url, bad, admin.headers)
          expect([bad, response.status, response.data.message]).toEqual([bad, 400, message])
        }
        await sql("UPDATE mlm_mfa_session SET completed_at = completed_at - interval '6 minutes' WHERE actor_id = ?", [admin.userId])
        const stale = await http.post(url, body, admin.headers)
        expect([stale.status, stale.data.message]).toEqual([403, STEP_UP])

        expect(await factorOf("user", victim.userId)).toMatchObject({ confirmed: true })
        expect(await factorOf("user", admin.userId)).toMatchObject({ confirmed: true })
        expect(await auditCount("authn_mfa_reset", admin.userId)).toBe(0)
      })
    })

    describe("malformed input", () => {
      it("answers 400 naming the problem, never 500, and counts nothing", async () => {
        const admin = await newAdmin()
        const second = await loginAdmin(admin.email)
        const codeMessage = "Invalid request: code must be the 6 digits your authenticator app shows"
        const recoveryMessage = "Invalid request: recovery_code must be one of your recovery codes (16 letters and digits, dashes optional)"
        const cases: [unknown, string][] = [
          [{ code: "12345" }, codeMessage],
          [{ code: "1234567" }, codeMessage],
          [{ code: "abcdef" }, codeMessage],
          [{ code: "12 456" }, codeMessage],
          [{ code: "１２３４５６" }, codeMessage],
          [{ code: "123\u0000456" }, codeMessage],
          [{ code: "\u0000".repeat(6) }, codeMessage],
          [{ code: "9".repeat(10_000) }, codeMessage],
          [{ code: 123456 }, "Invalid request: Expected type: 'string' for field 'code', got: '123456'"],
          [{ code: null }, "Invalid request: Expected type: 'string' for field 'code', got: 'null'"],
          [{ recovery_code: "not-a-recovery-code" }, recoveryMessage],
          [{ recovery_code: "ABCD-EFGH-JKLM-NPQ\u0000" }, recoveryMessage],
          [{}, "Invalid request: Send exactly one of code or recovery_code"],
          [{ code: "123456", recovery_code: "ABCD-EFGH-JKLM-NPQR" }, "Invalid request: Send exactly one of code or recovery_code"],
          [{ code: "123456", actor_id: "user_other" }, "Invalid request: Unrecognized fields: 'actor_id'"],
        ]
        for (const [body, message] of cases) {
          const response = await http.post(`${ADMIN_MFA}/verify`, body, second)
          expect({ body: JSON.stringify(body).slice(0, 40), status: response.status, message: response.data.message }).toEqual({
            body: JSON.stringify(body).slice(0, 40),
            status: 400,
            message,
          })
        }
        const polluted = await http.post(`${ADMIN_MFA}/verify`, '{"code":"123456","__proto__":{"admin":true}}', {
          ...second,
          "content-type": "application/json",
        })
        expect([polluted.status, polluted.data.message]).toEqual([400, "Invalid request: Unrecognized fields: '__proto__'"])
        const confirmAgain = await http.post(`${ADMIN_MFA}/enroll/confirm`, { code: "12a456" }, second)
        expect([confirmAgain.status, confirmAgain.data.message]).toEqual([400, codeMessage])
        const enrollWithBody = await http.post(`${ADMIN_MFA}/enroll`, { secret: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, second)
        expect([enrollWithBody.status, enrollWithBody.data.message]).toEqual([400, "Invalid request: Unrecognized fields: 'secret'"])
        expect(await factorOf("user", admin.userId)).toMatchObject({ failed_attempts: 0, confirmed: true })
        expect(await sessionsOf(admin.userId)).toBe(1)
      })
    })

    describe("recovery codes", () => {
      it("each code works once (any case, dashes optional), in parallel too", async () => {
        const admin = await newAdmin()
        // Four racers at most: a loser that reads after the winner finds no such code, which counts
        // as a failed attempt, and five would lock the account.
        const [first, second, third, ...parallel] = await Promise.all(Array.from({ length: 6 }, () => loginAdmin(admin.email)))
        const [codeA, codeB] = admin.mfa!.recoveryCodes
        expect(admin.mfa!.recoveryCodes).toHaveLength(10)
        for (const code of admin.mfa!.recoveryCodes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/)
        expect(new Set(admin.mfa!.recoveryCodes).size).toBe(10)

        const used = expectOk(await http.post(`${ADMIN_MFA}/verify`, { recovery_code: codeA.toLowerCase().replace(/-/g, "") }, first))
        expect(used.data.challenge).toMatchObject({ method: "recovery_code", recovery_codes_left: 9 })
        const reused = await http.post(`${ADMIN_MFA}/verify`, { recovery_code: codeA }, second)
        expect([reused.status, reused.data.message]).toEqual([401, INVALID])
        expect((await http.get("/admin/mlm/distributors", second)).status).toBe(403)

        const race = await Promise.all([third, ...parallel].map((headers) => http.post(`${ADMIN_MFA}/verify`, { recovery_code: codeB }, headers)))
        expect(race.filter((r) => r.status === 200)).toHaveLength(1)
        expect(race.filter((r) => r.status === 401 && [INVALID, REPLAYED].includes(r.data.message))).toHaveLength(3)
        expect(await factorOf("user", admin.userId)).toMatchObject({ codes: 8 })
        expect(expectOk(await http.get(`${ADMIN_MFA}/status`, first)).data.mfa).toMatchObject({ factor: "confirmed", recovery_codes_left: 8 })
        // Hashes only: no recovery code is stored as typed.
        const stored = await sql<{ hashes: string[] }>("SELECT recovery_code_hashes AS hashes FROM mlm_mfa_factor WHERE actor_id = ?", [admin.userId])
        expect(JSON.stringify(stored)).not.toContain(admin.mfa!.recoveryCodes[2].replace(/-/g, ""))
      })
    })

    describe("step-up: sensitive actions need a challenge from the last 5 minutes", () => {
      it("plan activation, role changes, payout details, exports, erasure and reveal with a 6-minute-old challenge are 403 and change nothing; a fresh challenge lets them through", async () => {
        const admin = await newAdmin()
        const other = await createAdminCaller(container, http, unique("viewer"), "admin-password-1", "viewer")
        const plan = expectOk(await http.post("/admin/mlm/plans", { name: "Step-up plan", draft: UNILEVEL_USD }, admin.headers), 201).data.plan
        await sql("UPDATE mlm_mfa_session SET completed_at = now() - interval '6 minutes' WHERE session_hash = ?", [bearerHash(admin.headers)])

        const activation = await http.post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: new Date(Date.now() + 60_000).toISOString() }, admin.headers)
        const roleChange = await put(`/admin/mlm/roles/${other.userId}`, { role: "admin" }, admin.headers)
        const reEnroll = await http.post(`${ADMIN_MFA}/enroll`, {}, admin.headers)

        expect([activation.status, activation.data.message]).toEqual([403, STEP_UP])
        expect([roleChange.status, roleChange.data.message]).toEqual([403, STEP_UP])
        expect([reEnroll.status, reEnroll.data.message]).toEqual([
          403,
          "Replacing a confirmed TOTP factor needs an MFA challenge completed in the last 5 minutes: verify at /admin/mlm/mfa/verify first",
        ])
        expect(await sql("SELECT id FROM mlm_plan_version WHERE plan_id = ?", [plan.id])).toEqual([])
        expect(await sql("SELECT role FROM mlm_admin_role WHERE user_id = ?", [other.userId])).toEqual([{ role: "viewer" }])
        const secretBefore = (await factorOf("user", admin.userId)).secret_enc
        // Reading still works: the 12-hour challenge covers it.
        expect((await http.get("/admin/mlm/plans", admin.headers)).status).toBe(200)

        const member = (await buildTree(container, { [`payee${++serial}`]: null }))
        const distributor = Object.values(member)[0]
        const bank = await put(`/admin/mlm/distributors/${distributor.id}/private/bank`, { token: "tok_payout_1", last4: "4321" }, admin.headers)
        const unbank = await http.delete(`/admin/mlm/distributors/${distributor.id}/private/bank`, admin.headers)
        const exported = await http.post(`/admin/mlm/distributors/${distributor.id}/export`, {}, admin.headers)
        const erased = await http.post(`/admin/mlm/distributors/${distributor.id}/erase`, { reason: "test" }, admin.headers)
        const revealed = await http.get(`/admin/mlm/distributors/${distributor.id}/private?reveal=true`, admin.headers)
        const revealedOddly = await http.get(`/admin/mlm/distributors/${distributor.id}/private?reveal=TRUE`, admin.headers)
        for (const response of [bank, unbank, exported, erased, revealed, revealedOddly]) {
          expect([response.status, response.data.message]).toEqual([403, STEP_UP])
        }
        // The masked read is not a sensitive action.
        expect((await http.get(`/admin/mlm/distributors/${distributor.id}/private`, admin.headers)).status).toBe(200)
        expect(await sql("SELECT erased_at FROM mlm_distributor WHERE id = ?", [distributor.id])).toEqual([{ erased_at: null }])
        expect(await sql("SELECT bank_last4 FROM mlm_distributor_private WHERE distributor_id = ?", [distributor.id])).toEqual([])
        expect(await sql("SELECT seq FROM mlm_audit_log WHERE event = 'data_exported' AND target_id = ?", [distributor.id])).toEqual([])

        await verifyChallenge(http, ADMIN_MFA, admin.headers, admin.mfa!)
        expect((await put(`/admin/mlm/distributors/${distributor.id}/private/bank`, { token: "tok_payout_1", last4: "4321" }, admin.headers)).status).toBe(200)
        expect((await http.post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: new Date(Date.now() + 60_000).toISOString() }, admin.headers)).status).toBe(201)
        expect((await put(`/admin/mlm/roles/${other.userId}`, { role: "finance" }, admin.headers)).status).toBe(200)
        expect((await factorOf("user", admin.userId)).secret_enc).toBe(secretBefore)
      })

      it("a distributor changing its own payout details needs a recent challenge too", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("payee"), first_name: "Pay" })
        await mlmOf(container).enroll({ customer_id: shopper.customerId, source: "seed" })
        await sql("UPDATE mlm_mfa_session SET completed_at = now() - interval '6 minutes' WHERE session_hash = ?", [bearerHash(shopper.headers)])

        const bank = await put("/store/mlm/me/private/bank", { token: "tok_mine_1", last4: "9876" }, shopper.headers)
        expect([bank.status, bank.data.message]).toEqual([
          403,
          "This action needs an MFA challenge completed in the last 5 minutes: verify again at /store/mlm/mfa/verify",
        ])
        const revealed = await http.get("/store/mlm/me/private?reveal=true", shopper.headers)
        expect([revealed.status, revealed.data.message]).toEqual([bank.status, bank.data.message])
        expect((await http.get("/store/mlm/me", shopper.headers)).status).toBe(200)
        await verifyChallenge(http, STORE_MFA, shopper.headers, shopper.mfa!)
        expect((await put("/store/mlm/me/private/bank", { token: "tok_mine_1", last4: "9876" }, shopper.headers)).status).toBe(200)
      })

      it("re-enrolling with a recent challenge replaces the secret and needs a new confirmation", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("shopper"), first_name: "Rae" })
        const fresh = expectOk(await http.post(`${STORE_MFA}/enroll`, {}, shopper.headers), 201).data
        expect(fresh.secret).not.toBe(shopper.mfa!.secret)
        const me = await http.get("/store/mlm/me", shopper.headers)
        expect([me.status, me.data.message]).toEqual([403, "MFA is required: confirm your TOTP factor at /store/mlm/mfa/enroll/confirm"])
        const replaced = await enrollAndConfirm(http, STORE_MFA, shopper.headers)
        expect((await http.get("/store/mlm/me", shopper.headers)).status).toBe(404)
        expect(replaced.recoveryCodes).not.toEqual(shopper.mfa!.recoveryCodes)
      })
    })

    describe("rate limits", () => {
      it("store enrollment answers 429 with Retry-After after 60 attempts per customer an hour, and enrolls nobody", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: unique("prober"), first_name: "Pro" }, { mfa: false })
        const headers = { ...shopper.headers, "x-forwarded-for": "192.0.2.77" }
        const statuses = []
        for (let attempt = 0; attempt < 60; attempt++) {
          statuses.push((await http.post("/store/mlm/enroll", { referral_code: `NOPE${attempt}` }, headers)).status)
        }
        expect(statuses.filter((status) => status === 400)).toHaveLength(60)
        const before = await distributorCount()

        // A valid code from another IP: the limit is the customer's, not the address's.
        const house = (await sql<{ referral_code: string }>("SELECT referral_code FROM mlm_distributor ORDER BY created_at LIMIT 1"))[0]
        const limited = await http.post("/store/mlm/enroll", { referral_code: house?.referral_code ?? "HOUSE" }, { ...shopper.headers, "x-forwarded-for": "192.0.2.78" })

        expect(limited.status).toBe(429)
        expect(limited.data.message).toMatch(/^Too many enrollment requests: try again in \d+ seconds$/)
        const retryAfter = Number(limited.headers["retry-after"])
        expect(retryAfter).toBeGreaterThan(3500)
        expect(retryAfter).toBeLessThanOrEqual(3600)
        expect(limited.data.message).toBe(`Too many enrollment requests: try again in ${retryAfter} seconds`)
        expect(await distributorCount()).toBe(before)
      })
    })
  },
})
