import CustomerModule from "@medusajs/medusa/customer"
import { defineLink } from "@medusajs/framework/utils"
import MlmModule from "../modules/mlm"

// A distributor is a customer with a distributor record; the house has no customer.
export default defineLink(
  { linkable: MlmModule.linkable.mlmDistributor, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
