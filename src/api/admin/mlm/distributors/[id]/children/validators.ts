import { zodValidator } from "@medusajs/framework"
import { z } from "@medusajs/framework/zod"
import { idField, limitField, offsetField } from "../../../../../mlm-request-fields"

/**
 * The genealogy routes validate their own query: they are read by the admin's tree explorer one
 * expanded node at a time. Strict like every mlm query: an unknown parameter is a 400.
 */

/** A page of direct children; 50 by default (a tree node shows one page, then "show more"). */
export const AdminChildrenQuery = z
  .object({
    limit: limitField().default(50),
    offset: offsetField(),
  })
  .strict()
export type AdminChildrenQueryType = z.infer<typeof AdminChildrenQuery>

const treeKeyField = () =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:.-]+$/, "tree_key must contain only letters, digits, '_', ':', '.' and '-'")

/** Without tree_type and tree_key: the list of placement trees only. With both: this node's seat and children in that tree. */
export const AdminPlacementChildrenQuery = z
  .object({
    tree_type: z.enum(["binary", "matrix"]).optional(),
    tree_key: treeKeyField().optional(),
    limit: limitField().default(50),
    offset: offsetField(),
  })
  .strict()
  .refine((query) => (query.tree_type === undefined) === (query.tree_key === undefined), {
    message: "Give tree_type and tree_key together, or neither",
  })
export type AdminPlacementChildrenQueryType = z.infer<typeof AdminPlacementChildrenQuery>

export const ChildrenParams = z.object({ id: idField("id") }).strict()

/**
 * Medusa's own validator (the one its query middleware runs), so a bad query answers the same
 * "Invalid request: ..." 400 as every other mlm route although these routes validate in the
 * handler: they have no entry in src/api/middlewares.ts.
 */
export function validateOr400<T>(schema: z.ZodType<T>, input: unknown): Promise<T> {
  return zodValidator(schema, input) as Promise<T>
}
