import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { EngineValidationError, parsePlan, planVersionHash, simulate, type Plan, type ValidationIssue } from "../../engine"
import { CommissionGateway } from "./commissions/gateway"
import { DEFAULT_QUEUE_PREFIX } from "./commissions/jobs"
import type { RunnerLogger } from "./commissions/runner"
import { knexSqlDb } from "./commissions/sql-db"
import type { PeriodRuns } from "./periods/period-runs"
import { periodRunsFor } from "./periods/queue"
import { type AuditContext, planAuditState, planVersionAuditState, recordDomainAudit, variantCvAuditState } from "./security/audit-context"
import { Keyring, KeyringError } from "./security/keyring"
import * as mfa from "./security/mfa"
import * as privacy from "./security/privacy"
import { decideCheckout } from "./domain/checkout-decision"
import { resolveDefaultCvBp } from "./domain/commissionable-value"
import { generateReferralCode, normalizeReferralCode } from "./domain/referral-code"
import { storeSupportIssues } from "./domain/store-support"
import { sponsorRefusal, statusTransitionError } from "./domain/status-transitions"
import { Board, BoardSeat, CheckoutEnrollment, CustomerAttribution, Distributor, Placement, SponsorMove, StatusChange } from "./models"
import * as checkoutSql from "./repositories/checkout-sql"
import { distributorColumns, type DistributorRow, toDistributorDTO } from "./repositories/distributor-rows"
import * as enrollmentSql from "./repositories/enrollment-sql"
import * as historySql from "./repositories/history-sql"
import * as planSql from "./repositories/plan-sql"
import { searchDistributorRows } from "./repositories/search-sql"
import { type SqlExec, sqlExecFor } from "./repositories/sql-exec"
import { lockTreeForEnrollment, lockTreeForMove } from "./repositories/tree-lock"
import { rewriteSubtreePaths } from "./repositories/tree-moves"
import * as treeSql from "./repositories/tree-queries"
import * as variantCvSql from "./repositories/variant-cv-sql"
import type {
  AttributionDTO,
  BulkEnrollRow,
  CheckoutEnrollmentInput,
  CheckoutEnrollmentResult,
  DistributorDTO,
  DistributorStatus,
  DownlineRowDTO,
  EnrollInput,
  ListDownlineInput,
  MlmModuleOptions,
  ReferralResolution,
  SearchDistributorsInput,
  SponsorMoveDTO,
  StatusChangeDTO,
} from "./types"

const CODE_ATTEMPTS = 8
type ResolvedOptions = Required<Omit<MlmModuleOptions, "redis_url">> & { redis_url?: string }
type ModuleDeclaration = { worker_mode?: "shared" | "worker" | "server" }

function execOf(ctx: Context): SqlExec {
  const manager = (ctx.transactionManager ?? ctx.manager) as Parameters<typeof sqlExecFor>[0]
  return sqlExecFor(manager)
}

function notFound(what: string, id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `${what} with id ${id} was not found`)
}

/**
 * The mlm module: distributors, the sponsor tree (int[] paths, see docs/data-model.md),
 * checkout enrollment, attribution and their history. Methods: docs/module-service.md.
 */
export default class MlmModuleService extends MedusaService({
  Distributor,
  CustomerAttribution,
  CheckoutEnrollment,
  SponsorMove,
  StatusChange,
  Placement,
  Board,
  BoardSeat,
}) {
  protected readonly mlmOptions_: ResolvedOptions

  constructor(container: Record<string, unknown>, options: MlmModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...(arguments as unknown as [Record<string, unknown>]))
    this.mlmOptions_ = {
      house_referral_code: normalizeReferralCode(options.house_referral_code || "HOUSE"),
      holding_days: options.holding_days ?? 30,
      redis_url: options.redis_url,
      referral_base_url: options.referral_base_url || "/join",
      max_downline_depth: options.max_downline_depth ?? 20,
      enrollment_status: options.enrollment_status ?? "active",
      default_cv_bp: resolveDefaultCvBp(options.default_cv_bp),
      queue_prefix: options.queue_prefix || DEFAULT_QUEUE_PREFIX,
      // Twice the batch: a second batch fills while the first commits (docs/ledger-operations.md).
      worker_concurrency: options.worker_concurrency ?? 512,
      worker_batch_size: options.worker_batch_size ?? 256,
      wholesale_bp: options.wholesale_bp ?? null,
      encryption: options.encryption ?? Keyring.configFromEnv() ?? null,
    }
    // Personal data is never stored unencrypted: production refuses to boot without a keyring,
    // elsewhere the first use says what to configure.
    this.keyring_ = this.mlmOptions_.encryption ? new Keyring(this.mlmOptions_.encryption) : undefined
    if (!this.keyring_ && process.env.NODE_ENV === "production") {
      throw new KeyringError("medusa-plugin-mlm: no encryption keyring configured (plugin option `encryption` or MLM_ENCRYPTION_KEYS); refusing to start in production")
    }
    // Like Medusa's own Redis event bus: background work runs unless this process is `server` only.
    // eslint-disable-next-line prefer-rest-params
    const declaration = (arguments[2] ?? {}) as ModuleDeclaration
    this.runsBackgroundWork_ = declaration.worker_mode !== "server"
    this.logger_ = container.logger as RunnerLogger | undefined
  }

  private readonly keyring_: Keyring | undefined

  /** The personal-data keyring; throws when none is configured (docs/security.md). */
  keyring(): Keyring {
    if (!this.keyring_) throw new KeyringError("No encryption keyring configured: set the plugin option `encryption` or MLM_ENCRYPTION_KEYS, MLM_ACTIVE_KEY_ID and MLM_BLIND_INDEX_KEY")
    return this.keyring_
  }

  // ── MFA: the plugin's TOTP factor, replay guard and attempt limits (security/mfa.ts) ───────
  // Refusals are returned, not thrown, so a failed attempt's counter and audit row commit.
  @InjectTransactionManager()
  async enrollMfa(input: mfa.MfaCallContext & { label: string; recent_challenge: boolean }, @MedusaContext() ctx: Context = {}) {
    return mfa.enroll(execOf(ctx), this.keyring(), input)
  }

  @InjectTransactionManager()
  async confirmMfa(input: mfa.MfaCallContext & { code: string }, @MedusaContext() ctx: Context = {}) {
    return mfa.confirm(execOf(ctx), this.keyring(), input)
  }

  @InjectTransactionManager()
  async verifyMfa(input: Parameters<typeof mfa.verify>[2], @MedusaContext() ctx: Context = {}) {
    return mfa.verify(execOf(ctx), this.keyring(), input)
  }

  @InjectManager()
  async getMfaGate(actor: mfa.MfaActor, sessionHash: string, @MedusaContext() ctx: Context = {}): Promise<mfa.MfaGateRow> {
    return mfa.gateState(execOf(ctx), actor, sessionHash)
  }

  @InjectTransactionManager()
  async recordMfaDenial(input: Parameters<typeof mfa.recordDenial>[1], @MedusaContext() ctx: Context = {}): Promise<void> {
    return mfa.recordDenial(execOf(ctx), input)
  }

  @InjectTransactionManager()
  async resetMfa(input: Parameters<typeof mfa.resetFactor>[1], @MedusaContext() ctx: Context = {}): Promise<boolean> {
    return mfa.resetFactor(execOf(ctx), input)
  }

  // ── Personal data at rest, export and erasure (docs/security.md) ──────────────────────────
  /** A distributor's personal data, masked unless `reveal` (a reveal is audited as data_viewed). */
  @InjectTransactionManager()
  async readPrivateData(
    input: { distributor_id: string; reveal: boolean; actor: privacy.PrivacyActor; hide_bank?: boolean },
    @MedusaContext() ctx: Context = {}
  ): Promise<privacy.PrivateDataResult> {
    return privacy.readPrivateData(execOf(ctx), this.keyring(), input)
  }

  /** Partial update (absent = unchanged, null = cleared), encrypted per field, audited as data_updated. */
  @InjectTransactionManager()
  async savePrivateData(
    input: { distributor_id: string; changes: privacy.PrivateChanges; actor: privacy.PrivacyActor },
    @MedusaContext() ctx: Context = {}
  ): Promise<privacy.PrivateDataResult> {
    const changes = privacy.parsePrivateChanges(input.changes)
    return privacy.writePrivateData(execOf(ctx), this.keyring(), { ...input, changes })
  }

  /** Groups of distributors sharing a tax ID, by blind index (nothing is decrypted). */
  @InjectManager()
  async findDuplicateTaxIds(page: { limit: number; offset: number }, @MedusaContext() ctx: Context = {}) {
    return privacy.duplicateTaxIdGroups(execOf(ctx), page)
  }

  /** Everything the plugin holds about a distributor, audited as data_exported. */
  @InjectTransactionManager()
  async exportDistributorData(input: { distributor_id: string; actor: privacy.PrivacyActor }, @MedusaContext() ctx: Context = {}) {
    return privacy.exportSubject(execOf(ctx), this.keyring(), input)
  }

  /** Crypto-shredding erasure, idempotent, audited as data_deleted; the node stays, anonymised. */
  @InjectTransactionManager()
  async eraseDistributor(
    input: { distributor_id: string; reason: string; actor: privacy.PrivacyActor },
    @MedusaContext() ctx: Context = {}
  ): Promise<privacy.ErasureResult> {
    return privacy.eraseSubject(execOf(ctx), input)
  }

  // ── Commission pipeline (docs/ledger.md) ──────────────────────────────────────────────────
  protected readonly runsBackgroundWork_: boolean
  protected readonly logger_: RunnerLogger | undefined
  private gateway_: CommissionGateway | undefined

  __hooks = {
    onApplicationStart: async () => {
      if (!this.runsBackgroundWork_ || this.mlmOptions_.redis_url === undefined) return
      ;(await this.commissions()).startRunner()
    },
    onApplicationShutdown: async () => {
      await this.gateway_?.close()
      this.gateway_ = undefined
    },
  }

  /** The commission pipeline on this module's database connection. */
  @InjectManager()
  async commissions(@MedusaContext() ctx: Context = {}): Promise<CommissionGateway> {
    if (this.gateway_) return this.gateway_
    const manager = ctx.manager as unknown as { getKnex(): Parameters<typeof knexSqlDb>[0] }
    this.gateway_ = new CommissionGateway(
      knexSqlDb(manager.getKnex()),
      {
        redisUrl: this.mlmOptions_.redis_url,
        prefix: this.mlmOptions_.queue_prefix,
        holdingDays: this.mlmOptions_.holding_days,
        concurrency: this.mlmOptions_.worker_concurrency,
        batchSize: this.mlmOptions_.worker_batch_size,
      },
      this.logger_,
    )
    return this.gateway_
  }

  /** Period runs (docs/periods.md), on the commission pipeline's database handle. */
  async periodRuns(): Promise<PeriodRuns> {
    return periodRunsFor((await this.commissions()).db, { redisUrl: this.mlmOptions_.redis_url, prefix: this.mlmOptions_.queue_prefix })
  }

  getOptions(): ResolvedOptions {
    return { ...this.mlmOptions_ }
  }

  referralLink(referralCode: string): string {
    return `${this.mlmOptions_.referral_base_url}?ref=${encodeURIComponent(referralCode)}`
  }

  @InjectTransactionManager()
  async ensureHouse(@MedusaContext() ctx: Context = {}): Promise<DistributorDTO> {
    const exec = execOf(ctx)
    const existing = await enrollmentSql.selectHouse(exec)
    if (existing) return toDistributorDTO(existing)
    await lockTreeForEnrollment(exec)
    const inserted = await enrollmentSql.insertHouse(exec, { id: generateEntityId(undefined, "mlmdist"), referralCode: this.mlmOptions_.house_referral_code })
    const house = inserted ?? (await enrollmentSql.selectHouse(exec))
    if (!house) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `The house referral code ${this.mlmOptions_.house_referral_code} is taken by another distributor`)
    }
    return toDistributorDTO(house)
  }

  @InjectManager()
  async resolveReferralCode(code: string, @MedusaContext() ctx: Context = {}): Promise<ReferralResolution> {
    const normalized = normalizeReferralCode(code)
    const rows = await execOf(ctx)<DistributorRow>(
      `SELECT ${distributorColumns("d")} FROM mlm_distributor d WHERE upper(d.referral_code) = $1 AND d.deleted_at IS NULL`,
      [normalized]
    )
    if (!rows[0]) return { ok: false, reason: "unknown" }
    const refusal = sponsorRefusal(rows[0].status)
    return refusal ? { ok: false, reason: refusal } : { ok: true, distributor: toDistributorDTO(rows[0]) }
  }

  @InjectManager()
  async getDistributor(distributorId: string, @MedusaContext() ctx: Context = {}): Promise<DistributorDTO> {
    const rows = await execOf(ctx)<DistributorRow>(
      `SELECT ${distributorColumns("d")} FROM mlm_distributor d WHERE d.id = $1 AND d.deleted_at IS NULL`,
      [distributorId]
    )
    if (!rows[0]) throw notFound("Distributor", distributorId)
    return toDistributorDTO(rows[0])
  }

  @InjectManager()
  async retrieveDistributorByCustomer(customerId: string, @MedusaContext() ctx: Context = {}): Promise<DistributorDTO | null> {
    const rows = await execOf(ctx)<DistributorRow>(
      `SELECT ${distributorColumns("d")} FROM mlm_distributor d WHERE d.customer_id = $1 AND d.deleted_at IS NULL`,
      [customerId]
    )
    return rows[0] ? toDistributorDTO(rows[0]) : null
  }

  @InjectTransactionManager()
  async enroll(input: EnrollInput, @MedusaContext() ctx: Context = {}): Promise<{ distributor: DistributorDTO; created: boolean }> {
    const exec = execOf(ctx)
    const existing = await this.retrieveDistributorByCustomer(input.customer_id, ctx)
    if (existing) return { distributor: existing, created: false }
    const sponsorId = await this.sponsorForEnrollment(input, ctx)
    await lockTreeForEnrollment(exec)
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const inserted = await enrollmentSql.insertDistributor(exec, {
        id: generateEntityId(undefined, "mlmdist"),
        customerId: input.customer_id,
        referralCode: generateReferralCode(),
        status: input.status ?? this.mlmOptions_.enrollment_status,
        sponsorId,
      })
      if (inserted) return { distributor: toDistributorDTO(inserted), created: true }
      // No row: either the customer won a race elsewhere, or the drawn code was taken.
      const winner = await this.retrieveDistributorByCustomer(input.customer_id, ctx)
      if (winner) return { distributor: winner, created: false }
    }
    throw new MedusaError(MedusaError.Types.CONFLICT, `Could not draw a free referral code in ${CODE_ATTEMPTS} attempts`)
  }

  /** The sponsor of a new enrollment: the given id, else the code's owner, else the house. */
  private async sponsorForEnrollment(input: EnrollInput, ctx: Context): Promise<string> {
    if (input.sponsor_id) {
      const sponsor = await this.getDistributor(input.sponsor_id, ctx)
      if (sponsor.status === "terminated") {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Sponsor ${sponsor.id} is terminated and cannot sponsor`)
      }
      return sponsor.id
    }
    if (input.referral_code) {
      const resolution = await this.resolveReferralCode(input.referral_code, ctx)
      const code = normalizeReferralCode(input.referral_code)
      if (!resolution.ok) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          resolution.reason === "unknown"
            ? `Referral code ${code} is unknown`
            : `Referral code ${code} belongs to a ${resolution.reason} distributor`
        )
      }
      return resolution.distributor.id
    }
    return (await this.ensureHouse(ctx)).id
  }

  @InjectTransactionManager()
  async recordCheckoutEnrollment(input: CheckoutEnrollmentInput, @MedusaContext() ctx: Context = {}): Promise<CheckoutEnrollmentResult> {
    const exec = execOf(ctx)
    const claimed = await checkoutSql.claimCheckoutOrder(exec, {
      id: generateEntityId(undefined, "mlmcoe"),
      orderId: input.order_id,
      customerId: input.customer_id,
      referralCode: input.referral_code,
      optIn: input.opt_in,
    })
    if (!claimed) return (await checkoutSql.selectCheckoutResult(exec, input.order_id))!
    const code = input.referral_code ? normalizeReferralCode(input.referral_code) : ""
    const existing = input.customer_id ? await this.retrieveDistributorByCustomer(input.customer_id, ctx) : null
    const action = decideCheckout({
      customerId: input.customer_id,
      optIn: input.opt_in,
      codeGiven: code !== "",
      referrer: code ? await this.resolveReferralCode(code, ctx) : null,
      existingDistributorId: existing?.id ?? null,
    })
    let result: CheckoutEnrollmentResult
    if (action.kind === "record") {
      result = { outcome: action.outcome, reason: action.reason, distributor_id: action.distributorId }
    } else if (action.kind === "enroll") {
      const enrolled = await this.enroll(
        { customer_id: input.customer_id!, sponsor_id: action.sponsorId, source: "checkout", source_ref: input.order_id },
        ctx
      )
      result = enrolled.created
        ? { outcome: "enrolled", reason: null, distributor_id: enrolled.distributor.id }
        : { outcome: "already_distributor", reason: null, distributor_id: enrolled.distributor.id }
    } else {
      const attribution = await checkoutSql.attributeCustomer(exec, {
        id: generateEntityId(undefined, "mlmattr"),
        customerId: input.customer_id!,
        referrerId: action.referrerId,
        source: "checkout",
        sourceRef: input.order_id,
      })
      result = { outcome: "attributed", reason: attribution.created ? null : "already_attributed", distributor_id: attribution.referrerId }
    }
    await checkoutSql.completeCheckoutOrder(exec, input.order_id, result)
    return result
  }

  @InjectManager()
  async getAttribution(customerId: string, @MedusaContext() ctx: Context = {}): Promise<AttributionDTO | null> {
    return checkoutSql.selectAttribution(execOf(ctx), customerId)
  }

  @InjectTransactionManager()
  async moveSponsor(
    input: { distributor_id: string; new_sponsor_id: string; actor_id: string; reason: string; audit?: AuditContext },
    @MedusaContext() ctx: Context = {}
  ): Promise<DistributorDTO> {
    const exec = execOf(ctx)
    await lockTreeForMove(exec)
    const node = await treeSql.findTreeNode(exec, input.distributor_id, true)
    if (!node) throw notFound("Distributor", input.distributor_id)
    if (node.is_house) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The house distributor is the root and cannot be moved")
    }
    const newSponsor = await treeSql.findTreeNode(exec, input.new_sponsor_id)
    if (!newSponsor) throw notFound("Sponsor", input.new_sponsor_id)
    if (newSponsor.id === node.id || treeSql.isAncestorPath(node, newSponsor)) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Moving ${node.id} under ${newSponsor.id} would create a cycle: the new sponsor is in its own downline`
      )
    }
    if (newSponsor.status === "terminated") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Sponsor ${newSponsor.id} is terminated and cannot sponsor`)
    }
    if (node.sponsor_id !== newSponsor.id) {
      const moved = await rewriteSubtreePaths(exec, node, newSponsor)
      await historySql.insertSponsorMove(exec, {
        id: generateEntityId(undefined, "mlmmove"),
        distributorId: node.id,
        fromSponsorId: node.sponsor_id!,
        toSponsorId: newSponsor.id,
        subtreeSize: moved,
        actorId: input.actor_id,
        reason: input.reason,
      })
      await recordDomainAudit(exec, {
        event: "mlm_sponsor_moved",
        target_type: "distributor",
        target_id: node.id,
        before: { sponsor_id: node.sponsor_id },
        after: { sponsor_id: newSponsor.id, subtree_size: moved, reason: input.reason },
      }, input.audit, input.actor_id)
    }
    return this.getDistributor(node.id, ctx)
  }

  @InjectTransactionManager()
  async setStatus(
    input: { distributor_id: string; status: DistributorStatus; actor_id: string; reason: string; audit?: AuditContext },
    @MedusaContext() ctx: Context = {}
  ): Promise<DistributorDTO> {
    const exec = execOf(ctx)
    const node = await treeSql.findTreeNode(exec, input.distributor_id, true)
    if (!node) throw notFound("Distributor", input.distributor_id)
    if (node.is_house && input.status !== "active") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The house distributor must stay active")
    }
    const refused = statusTransitionError(node.status, input.status)
    if (refused) throw new MedusaError(MedusaError.Types.INVALID_DATA, refused)
    if (node.status !== input.status) {
      await historySql.updateStatus(exec, node.id, input.status)
      await historySql.insertStatusChange(exec, {
        id: generateEntityId(undefined, "mlmstat"),
        distributorId: node.id,
        from: node.status,
        to: input.status,
        actorId: input.actor_id,
        reason: input.reason,
      })
      await recordDomainAudit(exec, {
        event: "mlm_status_changed",
        target_type: "distributor",
        target_id: node.id,
        before: { status: node.status },
        after: { status: input.status, reason: input.reason },
      }, input.audit, input.actor_id)
    }
    return this.getDistributor(node.id, ctx)
  }

  @InjectManager()
  async listSponsorMoves(distributorId: string, @MedusaContext() ctx: Context = {}): Promise<SponsorMoveDTO[]> {
    return historySql.selectSponsorMoves(execOf(ctx), distributorId)
  }

  @InjectManager()
  async listStatusChanges(distributorId: string, @MedusaContext() ctx: Context = {}): Promise<StatusChangeDTO[]> {
    return historySql.selectStatusChanges(execOf(ctx), distributorId)
  }

  @InjectManager()
  async getUpline(distributorId: string, options: { max_depth?: number } = {}, @MedusaContext() ctx: Context = {}): Promise<DistributorDTO[]> {
    const exec = execOf(ctx)
    const rows = await treeSql.selectUpline(exec, distributorId, options.max_depth ?? null)
    if (rows.length === 0 && !(await treeSql.findTreeNode(exec, distributorId))) throw notFound("Distributor", distributorId)
    return rows.map(toDistributorDTO)
  }

  @InjectManager()
  async getDownlineLevelCounts(
    distributorId: string,
    options: { max_depth: number },
    @MedusaContext() ctx: Context = {}
  ): Promise<{ level: number; count: number }[]> {
    const totals = await this.getDownlineLevelTotals(distributorId, { max_depth: options.max_depth }, ctx)
    return totals.map(({ level, count }) => ({ level, count }))
  }

  /** Count and current-period personal volume (minor units) per level, for the ledger and reports. */
  @InjectManager()
  async getDownlineLevelTotals(
    distributorId: string,
    options: { max_depth: number; period_key?: string | null; status?: DistributorStatus },
    @MedusaContext() ctx: Context = {}
  ): Promise<{ level: number; count: number; volume_minor: number }[]> {
    const exec = execOf(ctx)
    const node = await this.treeNodeOrThrow(exec, distributorId)
    const totals = await treeSql.selectLevelTotals(exec, node, this.boundedDepth(options.max_depth), {
      status: options.status,
      periodKey: options.period_key ?? null,
    })
    return totals.map(({ level, count, volumeMinor }) => ({ level, count, volume_minor: volumeMinor }))
  }

  // MedusaService types every `list*` key as a generated array-returning list method; this one
  // is the contract's paged downline ({ rows, count }), not a generated method.
  @InjectManager()
  // @ts-expect-error the generated `list${string}` index signature does not apply here
  async listDownline(
    distributorId: string,
    options: ListDownlineInput,
    @MedusaContext() ctx: Context = {}
  ): Promise<{ rows: DownlineRowDTO[]; count: number }> {
    const exec = execOf(ctx)
    const node = await this.treeNodeOrThrow(exec, distributorId)
    const maxDepth = this.boundedDepth(options.max_depth)
    const rows = await treeSql.selectDownlinePage(exec, {
      node,
      maxDepth,
      limit: options.limit,
      offset: options.offset,
      order: options.order ?? "level",
      status: options.status,
    })
    const totals = await treeSql.selectLevelTotals(exec, node, maxDepth, { status: options.status })
    return {
      rows: rows.map((row) => ({ ...toDistributorDTO(row), level: Number(row.level) })),
      count: totals.reduce((sum, level) => sum + level.count, 0),
    }
  }

  @InjectManager()
  async isInDownline(ancestorId: string, descendantId: string, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const exec = execOf(ctx)
    const ancestor = await this.treeNodeOrThrow(exec, ancestorId)
    const descendant = await this.treeNodeOrThrow(exec, descendantId)
    return treeSql.isAncestorPath(ancestor, descendant)
  }

  @InjectManager()
  async searchDistributors(input: SearchDistributorsInput, @MedusaContext() ctx: Context = {}): Promise<{ rows: DistributorDTO[]; count: number }> {
    const found = await searchDistributorRows(execOf(ctx), input)
    return { rows: found.rows.map(toDistributorDTO), count: found.count }
  }

  /** Set-based enrollment for seeds and benchmarks; all rows or none. */
  @InjectTransactionManager()
  async bulkEnroll(rows: BulkEnrollRow[], @MedusaContext() ctx: Context = {}): Promise<DistributorDTO[]> {
    if (rows.length === 0) return []
    const exec = execOf(ctx)
    const codes = await this.freeReferralCodes(exec, rows)
    await lockTreeForEnrollment(exec)
    const inserted = await enrollmentSql.insertDistributorBatch(
      exec,
      rows.map((row, index) => ({
        id: generateEntityId(undefined, "mlmdist"),
        customerId: row.customer_id,
        referralCode: codes[index],
        status: this.mlmOptions_.enrollment_status,
        sponsorId: row.sponsor_id,
      }))
    )
    if (inserted.length !== rows.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `bulkEnroll placed ${inserted.length} of ${rows.length} rows: every sponsor must exist or come earlier, and customers and codes must be unused`
      )
    }
    return inserted.map(toDistributorDTO)
  }

  private async freeReferralCodes(exec: SqlExec, rows: BulkEnrollRow[]): Promise<string[]> {
    const codes = rows.map((row) => (row.referral_code ? normalizeReferralCode(row.referral_code) : generateReferralCode()))
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const taken = await enrollmentSql.selectTakenReferralCodes(exec, codes)
      const seen = new Set<string>()
      let clashes = 0
      codes.forEach((code, index) => {
        if (taken.has(code) || seen.has(code)) {
          if (rows[index].referral_code) {
            throw new MedusaError(MedusaError.Types.INVALID_DATA, `Referral code ${code} is already taken`)
          }
          codes[index] = generateReferralCode()
          clashes++
        }
        seen.add(codes[index])
      })
      if (clashes === 0) return codes
    }
    throw new MedusaError(MedusaError.Types.CONFLICT, `Could not draw free referral codes in ${CODE_ATTEMPTS} attempts`)
  }

  private boundedDepth(requested: number): number {
    return Math.max(1, Math.min(Math.floor(requested), this.mlmOptions_.max_downline_depth))
  }

  private async treeNodeOrThrow(exec: SqlExec, distributorId: string) {
    const node = await treeSql.findTreeNode(exec, distributorId)
    if (!node) throw notFound("Distributor", distributorId)
    return node
  }

  // ── Plans and commissionable value (docs/plans.md)

  @InjectTransactionManager()
  // @ts-expect-error the generated `create${string}` index signature does not apply here
  async createPlanDraft(
    input: { name: string; period?: planSql.PlanPeriod; draft: Record<string, unknown>; actor_id?: string | null; audit?: AuditContext },
    @MedusaContext() ctx: Context = {}
  ): Promise<planSql.PlanDTO> {
    const exec = execOf(ctx)
    const plan = await planSql.insertPlan(exec, {
      id: generateEntityId(undefined, "mlmplan"),
      name: input.name,
      period: input.period ?? "monthly",
      draft: input.draft,
      actorId: input.actor_id ?? null,
    })
    const after = await planAuditState(exec, plan.id)
    await recordDomainAudit(exec, { event: "mlm_plan_created", target_type: "plan", target_id: plan.id, after }, input.audit, input.actor_id)
    return plan
  }

  /** Drafts are saved unvalidated (work in progress); validate and activate check them. */
  @InjectTransactionManager()
  // @ts-expect-error the generated `update${string}` index signature does not apply here
  async updatePlanDraft(
    planId: string,
    input: { name?: string; period?: planSql.PlanPeriod; draft?: Record<string, unknown>; actor_id?: string | null; audit?: AuditContext },
    @MedusaContext() ctx: Context = {}
  ): Promise<planSql.PlanDTO> {
    const exec = execOf(ctx)
    const before = await planAuditState(exec, planId, { lock: true })
    const { audit, ...change } = input
    const updated = await planSql.updatePlan(exec, planId, { ...change, actorId: input.actor_id ?? null })
    if (!updated) throw notFound("Plan", planId)
    const after = await planAuditState(exec, planId)
    await recordDomainAudit(exec, { event: "mlm_plan_updated", target_type: "plan", target_id: planId, before, after }, audit, input.actor_id)
    return updated
  }

  @InjectManager()
  async getPlan(planId: string, @MedusaContext() ctx: Context = {}): Promise<planSql.PlanDTO> {
    const plan = await planSql.selectPlan(execOf(ctx), planId)
    if (!plan) throw notFound("Plan", planId)
    return plan
  }

  @InjectManager()
  // @ts-expect-error the generated `list${string}` index signature does not apply here
  async listPlans(
    page: { limit: number; offset: number },
    @MedusaContext() ctx: Context = {}
  ): Promise<{ rows: planSql.PlanSummaryDTO[]; count: number }> {
    return planSql.selectPlanPage(execOf(ctx), page)
  }

  @InjectManager()
  /**
   * The draft against the engine's schema (`issues`), and, when valid, what of it the store does
   * not pay (`activation_issues`: activation refuses those, simulation takes them).
   */
  async validatePlanDraft(
    planId: string,
    @MedusaContext() ctx: Context = {}
  ): Promise<{ valid: boolean; issues: ValidationIssue[]; activation_issues: ValidationIssue[] }> {
    const plan = await this.getPlan(planId, ctx)
    try {
      return { valid: true, issues: [], activation_issues: storeSupportIssues(parsePlan(plan.draft)) }
    } catch (error) {
      if (error instanceof EngineValidationError) return { valid: false, issues: error.issues, activation_issues: [] }
      throw error
    }
  }

  /**
   * Appends an immutable version of the draft (parsed, defaults filled in, hashed). The plan row
   * lock numbers versions without gaps or races; the (currency, effective_from) key refuses two
   * versions taking effect at the same instant, whichever plans they come from.
   */
  @InjectTransactionManager()
  async activatePlan(
    planId: string,
    input: { effective_from: Date; actor_id?: string | null; audit?: AuditContext },
    @MedusaContext() ctx: Context = {}
  ): Promise<planSql.PlanVersionDTO> {
    const exec = execOf(ctx)
    const plan = await planSql.selectPlan(exec, planId, true)
    if (!plan) throw notFound("Plan", planId)
    // A clock-skew allowance, so "now" typed on an admin's machine is not refused.
    if (input.effective_from.getTime() < Date.now() - 5 * 60_000) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "effective_from must not be in the past")
    }
    const definition = this.parsePlanOrThrow(plan.draft)
    const unpaid = storeSupportIssues(definition)
    if (unpaid.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The plan cannot be activated: ${this.describeIssues(unpaid)}`)
    }
    const superseded = await planSql.selectActivePlanVersion(exec, definition.currency, input.effective_from)
    const version = await planSql.insertPlanVersion(exec, {
      id: generateEntityId(undefined, "mlmplv"),
      plan_id: plan.id,
      version: (await planSql.selectMaxVersion(exec, plan.id)) + 1,
      currency_code: definition.currency,
      period: plan.period,
      definition,
      hash: planVersionHash(definition),
      effective_from: input.effective_from,
      created_by: input.actor_id ?? null,
    })
    if (version) {
      await recordDomainAudit(exec, {
        event: "mlm_plan_activated",
        target_type: "plan",
        target_id: plan.id,
        before: superseded && planVersionAuditState(superseded),
        after: planVersionAuditState(version),
      }, input.audit, input.actor_id)
      return version
    }
    const clash = await planSql.selectVersionStartingAt(exec, definition.currency, input.effective_from)
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `A ${definition.currency} plan version already takes effect at ${input.effective_from.toISOString()}` +
        (clash ? ` (${clash.id}, version ${clash.version} of plan ${clash.plan_id})` : "")
    )
  }

  @InjectManager()
  async listPlanVersions(planId: string, @MedusaContext() ctx: Context = {}): Promise<planSql.PlanVersionDTO[]> {
    const exec = execOf(ctx)
    const versions = await planSql.selectPlanVersions(exec, planId)
    if (versions.length === 0 && !(await planSql.selectPlan(exec, planId))) throw notFound("Plan", planId)
    return versions
  }

  /** The version in force for a currency (either case) at `at`, default now; null if none. */
  @InjectManager()
  async getActivePlanVersion(
    currencyCode: string,
    at: Date = new Date(),
    @MedusaContext() ctx: Context = {}
  ): Promise<planSql.ActivePlanVersionRow | null> {
    return planSql.selectActivePlanVersion(execOf(ctx), currencyCode, at)
  }

  /**
   * What-if: the engine's replay of the draft on a posted network, or on a sample of the live
   * one (planSql.selectSampleNetwork) closed as one period. Nothing is written.
   */
  @InjectManager()
  async simulatePlanDraft(
    planId: string,
    input: planSql.SimulatePlanInput,
    @MedusaContext() ctx: Context = {}
  ): Promise<planSql.PlanSimulationDTO> {
    const plan = await this.getPlan(planId, ctx)
    if (!("sample" in input)) {
      return this.simulateOrThrow({ plan: plan.draft, members: input.members, events: input.events })
    }
    const definition = this.parsePlanOrThrow(plan.draft)
    const maxOrders = planSql.PLAN_SIMULATION_BOUNDS.events - 1
    const network = await planSql.selectSampleNetwork(execOf(ctx), {
      limit: input.sample.limit,
      periodKey: input.sample.period_key ?? null,
      maxOrders,
      rankNames: definition.ranks ? new Set(definition.ranks.map((rank) => rank.name)) : null,
    })
    if (network.orders.length > maxOrders) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The sample has more than ${maxOrders} orders; narrow it with period_key or a smaller limit`
      )
    }
    const period = input.sample.period_key ?? "sample"
    const simulation = this.simulateOrThrow({
      plan: plan.draft,
      members: network.members,
      events: [...network.orders, { type: "close_period", period }],
    })
    const { house_id, distributors, customers } = network
    return { ...simulation, sample: { house_id, distributors, customers, orders: network.orders.length, period } }
  }

  private parsePlanOrThrow(draft: unknown): Plan {
    try {
      return parsePlan(draft)
    } catch (error) {
      if (error instanceof EngineValidationError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `The plan draft is invalid: ${this.describeIssues(error.issues)}`)
      }
      throw error
    }
  }

  // The engine's errors carry `issues`, which Medusa's error handler would read as zod issues:
  // they are turned into a plain INVALID_DATA here.
  private simulateOrThrow(doc: unknown): planSql.PlanSimulationDTO {
    try {
      const result = simulate(doc)
      const totalMinor: Record<string, number> = {}
      for (const line of result.lines) totalMinor[line.bonus] = (totalMinor[line.bonus] ?? 0) + line.cents
      return { result, summary: { lines: result.lines.length, total_minor: totalMinor } }
    } catch (error) {
      if (error instanceof EngineValidationError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid simulation: ${this.describeIssues(error.issues)}`)
      }
      // money.ts refuses amounts beyond the safe-integer range rather than round them.
      if (error instanceof RangeError) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Simulation failed: ${error.message}`)
      throw error
    }
  }

  /** The first ten issues as `path: message`, for one error message. */
  private describeIssues(issues: ValidationIssue[]): string {
    const shown = issues.slice(0, 10).map((issue) => `${issue.path}: ${issue.message}`)
    return shown.join("; ") + (issues.length > 10 ? `; and ${issues.length - 10} more` : "")
  }

  @InjectTransactionManager()
  async setVariantCv(
    variantId: string,
    rule: variantCvSql.VariantCvInput,
    actorId: string | null = null,
    audit?: AuditContext,
    @MedusaContext() ctx: Context = {}
  ): Promise<variantCvSql.VariantCvDTO> {
    const exec = execOf(ctx)
    const before = await variantCvAuditState(exec, variantId)
    const saved = await variantCvSql.upsertVariantCv(exec, variantId, rule, actorId)
    const after = { cv_bp: saved.cv_bp, cv_minor: saved.cv_minor, currency_code: saved.currency_code }
    await recordDomainAudit(exec, { event: "mlm_variant_cv_set", target_type: "variant", target_id: variantId, before, after }, audit, actorId)
    return saved
  }

  @InjectManager()
  async getVariantCv(variantId: string, @MedusaContext() ctx: Context = {}): Promise<variantCvSql.VariantCvDTO> {
    const rule = await variantCvSql.selectVariantCv(execOf(ctx), variantId)
    if (!rule) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant ${variantId} has no commissionable value rule`)
    return rule
  }

  @InjectTransactionManager()
  // @ts-expect-error the generated `delete${string}` index signature does not apply here
  async deleteVariantCv(variantId: string, audit?: AuditContext, @MedusaContext() ctx: Context = {}): Promise<void> {
    const exec = execOf(ctx)
    const before = await variantCvAuditState(exec, variantId)
    if (!(await variantCvSql.deleteVariantCv(exec, variantId))) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant ${variantId} has no commissionable value rule`)
    }
    await recordDomainAudit(exec, { event: "mlm_variant_cv_deleted", target_type: "variant", target_id: variantId, before }, audit)
  }

  @InjectManager()
  async listVariantCv(variantIds: string[], @MedusaContext() ctx: Context = {}): Promise<variantCvSql.VariantCvDTO[]> {
    return variantCvSql.selectVariantCvList(execOf(ctx), variantIds)
  }
}
