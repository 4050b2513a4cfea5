/**
 * Document rules that follow references (spec "Validation"): a sponsor, referrer or placement
 * parent appears earlier; member, order, refund and period ids are unique; a refund's cv is
 * 1 up to the order's remaining CV. Because every reference must point backwards, a sponsor
 * cycle cannot be expressed; a reference forward or to oneself is reported as the cycle it
 * would allow. Whether a placement slot is already taken depends on policy placements and is
 * checked while replaying (replay/placement-slots.ts), with the same error type.
 */
import type { z } from "zod"
import type { simulationShape } from "./schema"

type Doc = z.output<typeof simulationShape>
type Ctx = z.core.$RefinementCtx<Doc>
type MemberInput = Doc["members"][number]
type Path = PropertyKey[]

interface Known {
  customer: boolean
}

export function documentRules(doc: Doc, ctx: Ctx): void {
  if (ctx.issues.length > 0) return
  const at = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message })
  const { plan } = doc
  const binary = plan.components.find((c) => c.type === "binary")
  const matrix = plan.components.find((c) => c.type === "matrix")
  const rankNames = plan.ranks ? new Set(plan.ranks.map((rank) => rank.name)) : undefined

  const declaredAnywhere = new Map<string, boolean>()
  for (const member of doc.members) declaredAnywhere.set(member.id, member.kind === "customer")
  for (const event of doc.events) if (event.type === "join") declaredAnywhere.set(event.member.id, event.member.kind === "customer")

  const known = new Map<string, Known>()

  const reference = (id: string, path: Path, selfId: string, role: string): Known | undefined => {
    const target = known.get(id)
    if (target) return target
    if (id === selfId) at(path, `a member cannot be its own ${role} (cycle)`)
    else if (declaredAnywhere.has(id)) at(path, `${role} "${id}" must appear earlier (a later ${role} would allow a cycle)`)
    else at(path, `unknown member "${id}"`)
    return undefined
  }

  const distributorReference = (id: string, path: Path, selfId: string, role: string) => {
    const target = reference(id, path, selfId, role)
    if (target?.customer) at(path, `${role} "${id}" is a customer (only distributors can be a ${role})`)
  }

  const knownMember = (id: string, path: Path): Known | undefined => {
    const target = known.get(id)
    if (!target) at(path, declaredAnywhere.has(id) ? `member "${id}" has not joined yet` : `unknown member "${id}"`)
    return target
  }

  const checkMember = (member: MemberInput, path: Path) => {
    if (known.has(member.id)) at([...path, "id"], `duplicate member id "${member.id}"`)
    const customer = member.kind === "customer"
    if (customer) {
      if (member.referrer === undefined) at([...path, "referrer"], "is required for a customer")
      else distributorReference(member.referrer, [...path, "referrer"], member.id, "referrer")
      if (member.sponsor !== undefined) at([...path, "sponsor"], "a customer has a referrer, not a sponsor")
      if (member.placement !== undefined) at([...path, "placement"], "a customer is not placed in a tree")
      if (member.rank !== undefined) at([...path, "rank"], "a customer has no rank")
    } else {
      if (member.referrer !== undefined) at([...path, "referrer"], "only a customer has a referrer")
      if (member.sponsor !== undefined) distributorReference(member.sponsor, [...path, "sponsor"], member.id, "sponsor")
    }
    if (member.rank !== undefined && rankNames && !rankNames.has(member.rank)) {
      at([...path, "rank"], `unknown rank "${member.rank}" (not in plan.ranks)`)
    }
    if (member.placement !== undefined && !customer) checkPlacement(member, [...path, "placement"])
    known.set(member.id, { customer })
  }

  const checkPlacement = (member: MemberInput, path: Path) => {
    const placement = member.placement!
    if (!binary && !matrix) {
      at(path, "the plan has no binary or matrix component to place into")
      return
    }
    distributorReference(placement.parent, [...path, "parent"], member.id, "placement parent")
    if (binary) {
      if (placement.slot !== undefined) at([...path, "slot"], "a binary placement has a side, not a slot")
      if (placement.side === undefined) at([...path, "side"], "is required for a binary placement")
    } else if (matrix) {
      if (placement.side !== undefined) at([...path, "side"], "a matrix placement has a slot, not a side")
      if (placement.slot === undefined) at([...path, "slot"], "is required for a matrix placement")
      else if (placement.slot > matrix.width) at([...path, "slot"], `slot ${placement.slot} is past the matrix width (${matrix.width})`)
    }
  }

  doc.members.forEach((member, i) => checkMember(member, ["members", i]))

  const remainingCv = new Map<string, number>()
  const refundIds = new Set<string>()
  const periodIds = new Set<string>()
  doc.events.forEach((event, i) => {
    const path: Path = ["events", i]
    switch (event.type) {
      case "join":
        checkMember(event.member, [...path, "member"])
        break
      case "order":
        if (remainingCv.has(event.id)) at([...path, "id"], `duplicate order id "${event.id}"`)
        else if (refundIds.has(event.id)) at([...path, "id"], `"${event.id}" is already a refund id (line sources must be distinct)`)
        knownMember(event.buyer, [...path, "buyer"])
        if ((event.retail === undefined) !== (event.wholesale === undefined)) {
          at([...path, event.retail === undefined ? "retail" : "wholesale"], "is required when retail or wholesale is given")
        } else if (event.retail !== undefined && event.wholesale !== undefined && event.retail < event.wholesale) {
          at([...path, "retail"], `must be at least wholesale (${event.wholesale})`)
        }
        remainingCv.set(event.id, event.cv)
        break
      case "refund": {
        if (refundIds.has(event.id)) at([...path, "id"], `duplicate refund id "${event.id}"`)
        else if (remainingCv.has(event.id)) at([...path, "id"], `"${event.id}" is already an order id (line sources must be distinct)`)
        refundIds.add(event.id)
        const remaining = remainingCv.get(event.order)
        if (remaining === undefined) {
          at([...path, "order"], `unknown order "${event.order}" (a refund follows its order)`)
        } else if (event.cv > remaining) {
          at([...path, "cv"], `refund exceeds the order's remaining CV (${remaining})`)
        } else {
          remainingCv.set(event.order, remaining - event.cv)
        }
        break
      }
      case "adjust_pv": {
        const target = knownMember(event.member, [...path, "member"])
        if (target?.customer) at([...path, "member"], "a customer has no PV of its own (its orders count for its referrer)")
        break
      }
      case "terminate":
        knownMember(event.member, [...path, "member"])
        break
      case "close_period":
        if (periodIds.has(event.period)) at([...path, "period"], `duplicate period id "${event.period}"`)
        periodIds.add(event.period)
        break
    }
  })

  plan.components.forEach((component, c) => {
    if (component.type !== "pool") return
    for (const memberId of Object.keys(component.shares)) {
      const customer = declaredAnywhere.get(memberId)
      const path = ["plan", "components", c, "shares", memberId]
      if (customer === undefined) at(path, `unknown member "${memberId}"`)
      else if (customer) at(path, `"${memberId}" is a customer (customers never earn)`)
    }
  })
}
