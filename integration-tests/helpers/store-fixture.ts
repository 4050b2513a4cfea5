import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"
import type { CallerHeaders } from "./http"

/** Everything a storefront needs to sell one product: ids plus the publishable key header. */
export type StoreFixture = {
  storeHeaders: CallerHeaders
  salesChannelId: string
  regionId: string
  variantId: string
  shippingOptionId: string
  stockLocationId: string
}

export const VARIANT_PRICE_MINOR = 5000
export const SHIPPING_PRICE_MINOR = 500

/**
 * A minimal sellable store built with Medusa's own workflows (the same ones the admin API runs):
 * sales channel + publishable key, region paying with pp_system_default, stock location with
 * manual fulfillment, a shipping option, and one stocked variant.
 */
export async function createStoreFixture(container: MedusaContainer): Promise<StoreFixture> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "MLM test channel" }] },
  })
  const {
    result: [publishableKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "MLM storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: publishableKey.id, add: [salesChannel.id] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Germany", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] },
      ],
    },
  })
  await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "de", provider_id: "tp_system" }] })

  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Berlin warehouse", address: { address_1: "Lager 1", city: "Berlin", country_code: "DE" } }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })

  const {
    result: [shippingProfile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Berlin delivery",
    type: "shipping",
    service_zones: [{ name: "Germany", geo_zones: [{ country_code: "de", type: "country" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Standard", description: "2-3 days", code: "standard" },
        prices: [
          { currency_code: "eur", amount: SHIPPING_PRICE_MINOR },
          { region_id: region.id, amount: SHIPPING_PRICE_MINOR },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Starter kit",
          status: "published",
          shipping_profile_id: shippingProfile.id,
          options: [{ title: "Size", values: ["One"] }],
          variants: [
            {
              title: "One size",
              sku: "KIT-1",
              manage_inventory: true,
              options: { Size: "One" },
              prices: [{ amount: VARIANT_PRICE_MINOR, currency_code: "eur" }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
      ],
    },
  })
  const variantId = product.variants[0].id

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: variantId },
  })
  const inventoryItemId = (variants[0] as any).inventory_items[0].inventory_item_id as string
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: [
        { location_id: stockLocation.id, inventory_item_id: inventoryItemId, stocked_quantity: 1_000_000 },
      ],
    },
  })

  return {
    storeHeaders: { "x-publishable-api-key": publishableKey.token },
    salesChannelId: salesChannel.id,
    regionId: region.id,
    variantId,
    shippingOptionId: shippingOption.id,
    stockLocationId: stockLocation.id,
  }
}
