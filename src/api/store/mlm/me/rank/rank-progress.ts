/**
 * The rank report card's arithmetic: how the caller's period volume measures against each rank
 * of the plan, by the rule period runs apply (spec "ranks", src/engine/ranks.ts): `min_pv` on
 * own PV, `min_gv` on own PV plus the whole downline's PV, where with `max_leg_share_bp` each
 * frontline leg counts for at most min_gv × share / 10000 (exact, no rounding). Pure: volumes in,
 * card out. Integers only; a cap with a fractional part is kept as whole + fraction / 10000.
 */

export type RankRequirement = { name: string; min_pv?: number; min_gv?: number; max_leg_share_bp?: number }

export type LegCap = { wholeMinor: number; fractionBp: number }

/** Each frontline leg's cap for a rank with a leg share, as whole units and 1/10000ths. */
export function legCapOf(rank: RankRequirement): LegCap | null {
  if (rank.min_gv === undefined || rank.max_leg_share_bp === undefined) return null
  const scaled = BigInt(rank.min_gv) * BigInt(rank.max_leg_share_bp)
  return { wholeMinor: Number(scaled / 10000n), fractionBp: Number(scaled % 10000n) }
}

export type RankVolumes = {
  pvMinor: number
  gvMinor: number
  legsWithVolume: number
  largestLeg: { distributorId: string; referralCode: string; gvMinor: number } | null
  /** Per rank (by index), for ranks with a leg cap: Σ min(leg GV, whole cap) and the legs above it. */
  capped: ReadonlyMap<number, { wholeMinor: number; legs: number }>
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b))
const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b)

function pvProgress(rank: RankRequirement, pvMinor: number) {
  if (rank.min_pv === undefined) return null
  return { required_minor: rank.min_pv, actual_minor: pvMinor, missing_minor: Math.max(0, rank.min_pv - pvMinor), met: pvMinor >= rank.min_pv }
}

function gvProgress(rank: RankRequirement, index: number, volumes: RankVolumes) {
  if (rank.min_gv === undefined) return null
  const cap = legCapOf(rank)
  const capped = volumes.capped.get(index)
  if (!cap || !capped) {
    const missing = Math.max(0, rank.min_gv - volumes.gvMinor)
    return { required_minor: rank.min_gv, counted_minor: volumes.gvMinor, leg_cap_minor: null, missing_minor: missing, met: missing === 0 }
  }
  // Counted GV × 10000 = (own PV + capped whole) × 10000 + capped legs × fraction: exact.
  const countedScaled = (BigInt(volumes.pvMinor) + BigInt(capped.wholeMinor)) * 10000n + BigInt(capped.legs) * BigInt(cap.fractionBp)
  const deficitScaled = BigInt(rank.min_gv) * 10000n - countedScaled
  return {
    required_minor: rank.min_gv,
    counted_minor: Number(floorDiv(countedScaled, 10000n)),
    leg_cap_minor: cap.wholeMinor,
    missing_minor: deficitScaled > 0n ? Number(ceilDiv(deficitScaled, 10000n)) : 0,
    met: deficitScaled <= 0n,
  }
}

export function rankCard(ranks: readonly RankRequirement[], currentRank: string | null, volumes: RankVolumes) {
  const currentIndex = currentRank === null ? -1 : ranks.findIndex((rank) => rank.name === currentRank)
  const progress = ranks.map((rank, index) => {
    const pv = pvProgress(rank, volumes.pvMinor)
    const gv = gvProgress(rank, index, volumes)
    return {
      name: rank.name,
      requirements: {
        min_pv: rank.min_pv ?? null,
        min_gv: rank.min_gv ?? null,
        max_leg_share_bp: rank.max_leg_share_bp ?? null,
      },
      pv,
      gv,
      met: (pv?.met ?? true) && (gv?.met ?? true),
      is_current: index === currentIndex,
    }
  })
  // A period run gives the highest rank (latest in the plan's list) whose requirements are met.
  const qualified = [...progress].reverse().find((rank) => rank.met)
  const largest = volumes.largestLeg
  return {
    current_rank: currentRank,
    qualified_rank: qualified?.name ?? null,
    next_rank: ranks[currentIndex + 1]?.name ?? null,
    volumes: {
      pv_minor: volumes.pvMinor,
      gv_minor: volumes.gvMinor,
      legs_with_volume: volumes.legsWithVolume,
      largest_leg: largest
        ? {
            distributor_id: largest.distributorId,
            referral_code: largest.referralCode,
            gv_minor: largest.gvMinor,
            // Of the whole group volume, in basis points rounded down; null while there is none.
            share_bp: volumes.gvMinor > 0 ? Number((BigInt(largest.gvMinor) * 10000n) / BigInt(volumes.gvMinor)) : null,
          }
        : null,
    },
    ranks: progress,
  }
}

export type RankCard = ReturnType<typeof rankCard>
