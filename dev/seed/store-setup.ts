// The store around the network: a sales channel with a publishable key, a EUR region with tax
// regions, a warehouse that ships there, and the store's defaults pointing at them. Every piece
// is looked up by name first, so a second run creates nothing.
import {
  createApiKeysWorkflow,
  createLocationFulfillmentSetWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

export const DEMO_COUNTRIES = ["de", "fr", "nl", "be", "at", "it", "es"]
export const DEMO_CURRENCY = "eur"

const NAMES = {
  salesChannel: "MLM demo webshop",
  apiKey: "MLM demo storefront",
  region: "Europe (MLM demo)",
  location: "MLM demo warehouse",
  fulfillmentSet: "MLM demo warehouse delivery",
  serviceZone: "Europe (MLM demo)",
  shippingOption: "Standard shipping (MLM demo)",
}

export type DemoStore = {
  salesChannelId: string
  publishableKey: string
  regionId: string
  locationId: string
  shippingProfileId: string
  created: number
}

export async function ensureDemoStore(container: MedusaContainer): Promise<DemoStore> {
  let created = 0
  const count = <T>(value: T, isNew: boolean): T => {
    created += isNew ? 1 : 0
    return value
  }

  const salesChannelId = count(...(await ensureSalesChannel(container)))
  const publishableKey = count(...(await ensurePublishableKey(container, salesChannelId)))
  const regionId = count(...(await ensureRegion(container)))
  created += await ensureTaxRegions(container)
  const locationId = count(...(await ensureLocation(container, salesChannelId)))
  const shippingProfileId = count(...(await ensureShippingProfile(container)))
  created += await ensureShipping(container, locationId, shippingProfileId, regionId)
  await updateStoreDefaults(container, salesChannelId, regionId)
  return { salesChannelId, publishableKey, regionId, locationId, shippingProfileId, created }
}

async function ensureSalesChannel(container: MedusaContainer): Promise<[string, boolean]> {
  const service = container.resolve(Modules.SALES_CHANNEL)
  const [existing] = await service.listSalesChannels({ name: NAMES.salesChannel })
  if (existing) {
    return [existing.id, false]
  }
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: NAMES.salesChannel }] },
  })
  return [result[0].id, true]
}

async function ensurePublishableKey(container: MedusaContainer, salesChannelId: string): Promise<[string, boolean]> {
  const service = container.resolve(Modules.API_KEY)
  const [existing] = await service.listApiKeys({ title: NAMES.apiKey, type: "publishable" })
  if (existing) {
    return [existing.token, false]
  }
  const { result } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: NAMES.apiKey, type: "publishable", created_by: "mlm-demo-seed" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: result[0].id, add: [salesChannelId] },
  })
  return [result[0].token, true]
}

async function ensureRegion(container: MedusaContainer): Promise<[string, boolean]> {
  const service = container.resolve(Modules.REGION)
  const [existing] = await service.listRegions({ name: NAMES.region })
  if (existing) {
    return [existing.id, false]
  }
  const { result } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: NAMES.region,
          currency_code: DEMO_CURRENCY,
          countries: DEMO_COUNTRIES,
          payment_providers: ["pp_system_default"],
        },
      ],
    },
  })
  return [result[0].id, true]
}

async function ensureTaxRegions(container: MedusaContainer): Promise<number> {
  const service = container.resolve(Modules.TAX)
  const existing = await service.listTaxRegions({ country_code: DEMO_COUNTRIES })
  const have = new Set(existing.filter((region) => !region.parent_id).map((region) => region.country_code))
  const missing = DEMO_COUNTRIES.filter((country) => !have.has(country))
  if (missing.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missing.map((country_code) => ({ country_code, provider_id: "tp_system" })),
    })
  }
  return missing.length
}

async function ensureLocation(container: MedusaContainer, salesChannelId: string): Promise<[string, boolean]> {
  const service = container.resolve(Modules.STOCK_LOCATION)
  const [existing] = await service.listStockLocations({ name: NAMES.location })
  if (existing) {
    return [existing.id, false]
  }
  const { result } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: NAMES.location, address: { city: "Berlin", country_code: "DE", address_1: "" } }] },
  })
  const locationId = result[0].id
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: locationId, add: [salesChannelId] },
  })
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: locationId },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  return [locationId, true]
}

async function ensureShippingProfile(container: MedusaContainer): Promise<[string, boolean]> {
  const service = container.resolve(Modules.FULFILLMENT)
  const [existing] = await service.listShippingProfiles({ type: "default" })
  if (existing) {
    return [existing.id, false]
  }
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
  })
  return [result[0].id, true]
}

async function ensureShipping(
  container: MedusaContainer,
  locationId: string,
  shippingProfileId: string,
  regionId: string
): Promise<number> {
  const service = container.resolve(Modules.FULFILLMENT)
  const [existingOption] = await service.listShippingOptions({ name: NAMES.shippingOption })
  if (existingOption) {
    return 0
  }
  let created = 0
  const findSet = async () =>
    (await service.listFulfillmentSets({ name: NAMES.fulfillmentSet }, { relations: ["service_zones"] }))[0]
  let fulfillmentSet = await findSet()
  if (!fulfillmentSet) {
    await createLocationFulfillmentSetWorkflow(container).run({
      input: { location_id: locationId, fulfillment_set_data: { name: NAMES.fulfillmentSet, type: "shipping" } },
    })
    fulfillmentSet = await findSet()
    created++
  }
  let serviceZoneId = fulfillmentSet.service_zones?.find((zone) => zone.name === NAMES.serviceZone)?.id
  if (!serviceZoneId) {
    const { result } = await createServiceZonesWorkflow(container).run({
      input: {
        data: [
          {
            name: NAMES.serviceZone,
            fulfillment_set_id: fulfillmentSet.id,
            geo_zones: DEMO_COUNTRIES.map((country_code) => ({ type: "country" as const, country_code })),
          },
        ],
      },
    })
    serviceZoneId = result[0].id
    created++
  }
  await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: NAMES.shippingOption,
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: serviceZoneId,
        shipping_profile_id: shippingProfileId,
        type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
        prices: [
          { currency_code: DEMO_CURRENCY, amount: 5 },
          { region_id: regionId, amount: 5 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return created + 1
}

async function updateStoreDefaults(container: MedusaContainer, salesChannelId: string, regionId: string) {
  const service = container.resolve(Modules.STORE)
  const [store] = await service.listStores({}, { relations: ["supported_currencies"] })
  const hasCurrency = store.supported_currencies?.some((c) => c.currency_code === DEMO_CURRENCY)
  if (store.default_sales_channel_id === salesChannelId && store.default_region_id === regionId && hasCurrency) {
    return
  }
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "MLM demo store",
        supported_currencies: [{ currency_code: DEMO_CURRENCY, is_default: true }],
        default_sales_channel_id: salesChannelId,
        default_region_id: regionId,
      },
    },
  })
}
