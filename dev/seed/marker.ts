// "This database holds the demo": a summary in the store's metadata under `mlm_demo_seed`,
// written after a complete seed. The launcher reads it with one SQL query and skips
// `medusa exec ./dev/seed.ts` (a full Medusa boot) when the requested size is there already.
import { updateStoresWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { Client } from "pg"

export const MARKER_KEY = "mlm_demo_seed"
export const MARKER_VERSION = 1

export type SeedMarker = {
  version: number
  distributors: number
  order_every: number
  completed_at: string
  admin_email: string
  publishable_key: string
  house_referral_code: string
  sample_referral_codes: { email: string; referral_code: string; depth: number }[]
  login_customer_emails: string[]
}

export async function writeSeedMarker(container: MedusaContainer, marker: SeedMarker): Promise<void> {
  const service = container.resolve(Modules.STORE)
  const [store] = await service.listStores({}, { select: ["id", "metadata"] })
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { metadata: { ...(store.metadata ?? {}), [MARKER_KEY]: marker } } },
  })
}

/** null when the database has no store table yet or was never seeded. */
export async function readSeedMarker(client: Client): Promise<SeedMarker | null> {
  const table = await client.query("SELECT to_regclass('public.store') AS name")
  if (!table.rows[0]?.name) {
    return null
  }
  const found = await client.query(
    `SELECT metadata -> $1 AS marker FROM store WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`,
    [MARKER_KEY]
  )
  const marker = found.rows[0]?.marker as SeedMarker | undefined
  return marker && marker.version === MARKER_VERSION ? marker : null
}
