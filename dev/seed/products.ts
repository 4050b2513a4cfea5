// Demo catalogue. Each variant carries its commissionable value (CV) in metadata:
// `mlm_cv_bp` = CV as basis points of the variant's price (integer, 0..10000; 6000 means 60%
// of the price is commissionable). The welcome kit has 0: it pays no commission, as starter
// kits usually do not. Prices are Medusa amounts (major units, EUR).
import { createInventoryLevelsWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { DEMO_CURRENCY, DemoStore } from "./store-setup"

export const CV_METADATA_KEY = "mlm_cv_bp"
const STOCK_PER_VARIANT = 1_000_000

type CatalogueVariant = { option: string; sku: string; price: number; cvBp: number }
type CatalogueProduct = { handle: string; title: string; description: string; optionTitle: string; variants: CatalogueVariant[] }

export const DEMO_CATALOGUE: CatalogueProduct[] = [
  {
    handle: "mlm-demo-daily-greens",
    title: "Daily Greens",
    description: "Powdered greens blend.",
    optionTitle: "Supply",
    variants: [
      { option: "30 days", sku: "MLM-GREENS-30", price: 49, cvBp: 6000 },
      { option: "90 days", sku: "MLM-GREENS-90", price: 129, cvBp: 6000 },
    ],
  },
  {
    handle: "mlm-demo-omega-balance",
    title: "Omega Balance",
    description: "Omega-3 capsules.",
    optionTitle: "Pack",
    variants: [{ option: "60 capsules", sku: "MLM-OMEGA-60", price: 35, cvBp: 5000 }],
  },
  {
    handle: "mlm-demo-protein-shake",
    title: "Protein Shake",
    description: "Plant protein shake.",
    optionTitle: "Flavour",
    variants: [
      { option: "Vanilla", sku: "MLM-SHAKE-VAN", price: 39, cvBp: 5000 },
      { option: "Chocolate", sku: "MLM-SHAKE-CHO", price: 39, cvBp: 5000 },
    ],
  },
  {
    handle: "mlm-demo-hydra-serum",
    title: "Hydra Serum",
    description: "Hyaluronic face serum.",
    optionTitle: "Size",
    variants: [{ option: "30 ml", sku: "MLM-SERUM-30", price: 59, cvBp: 4000 }],
  },
  {
    handle: "mlm-demo-welcome-kit",
    title: "Welcome Kit",
    description: "Samples and a catalogue for new distributors. Not commissionable.",
    optionTitle: "Kit",
    variants: [{ option: "Standard", sku: "MLM-WELCOME-KIT", price: 25, cvBp: 0 }],
  },
]

export type SeededVariant = { id: string; sku: string; price: number; cvBp: number }

export async function ensureDemoProducts(
  container: MedusaContainer,
  store: DemoStore
): Promise<{ variants: SeededVariant[]; createdProducts: number; createdInventoryLevels: number }> {
  const productService = container.resolve(Modules.PRODUCT)
  const existing = await productService.listProducts(
    { handle: DEMO_CATALOGUE.map((product) => product.handle) },
    { select: ["id", "handle"] }
  )
  const have = new Set(existing.map((product) => product.handle))
  const missing = DEMO_CATALOGUE.filter((product) => !have.has(product.handle))
  if (missing.length) {
    await createProductsWorkflow(container).run({
      input: { products: missing.map((product) => toProductInput(product, store)) },
    })
  }
  const createdInventoryLevels = await ensureStock(container, store.locationId)
  const variants = await listSeededVariants(container)
  return { variants, createdProducts: missing.length, createdInventoryLevels }
}

function toProductInput(product: CatalogueProduct, store: DemoStore) {
  return {
    title: product.title,
    handle: product.handle,
    description: product.description,
    status: ProductStatus.PUBLISHED,
    shipping_profile_id: store.shippingProfileId,
    sales_channels: [{ id: store.salesChannelId }],
    options: [{ title: product.optionTitle, values: product.variants.map((variant) => variant.option) }],
    variants: product.variants.map((variant) => ({
      title: variant.option,
      sku: variant.sku,
      options: { [product.optionTitle]: variant.option },
      manage_inventory: true,
      prices: [{ amount: variant.price, currency_code: DEMO_CURRENCY }],
      metadata: { [CV_METADATA_KEY]: variant.cvBp },
    })),
  }
}

async function ensureStock(container: MedusaContainer, locationId: string): Promise<number> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { sku: catalogueSkus() },
  })
  const inventoryItemIds = variants.flatMap((variant) =>
    (variant.inventory_items ?? []).map((item: { inventory_item_id: string } | null) => item!.inventory_item_id)
  )
  const inventory = container.resolve(Modules.INVENTORY)
  const levels = await inventory.listInventoryLevels({ location_id: locationId, inventory_item_id: inventoryItemIds })
  const stocked = new Set(levels.map((level) => level.inventory_item_id))
  const missing = inventoryItemIds.filter((id) => !stocked.has(id))
  if (missing.length) {
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: missing.map((inventory_item_id) => ({
          inventory_item_id,
          location_id: locationId,
          stocked_quantity: STOCK_PER_VARIANT,
        })),
      },
    })
  }
  return missing.length
}

async function listSeededVariants(container: MedusaContainer): Promise<SeededVariant[]> {
  const productService = container.resolve(Modules.PRODUCT)
  const variants = await productService.listProductVariants({ sku: catalogueSkus() }, { select: ["id", "sku"] })
  const bySku = new Map(variants.map((variant) => [variant.sku, variant.id]))
  return DEMO_CATALOGUE.flatMap((product) =>
    product.variants.map((variant) => ({
      id: bySku.get(variant.sku) as string,
      sku: variant.sku,
      price: variant.price,
      cvBp: variant.cvBp,
    }))
  )
}

function catalogueSkus(): string[] {
  return DEMO_CATALOGUE.flatMap((product) => product.variants.map((variant) => variant.sku))
}
