import { statusHandler } from "../../../../admin/mlm/mfa/handlers"

/** The customer's factor state and this session's challenge. */
export const GET = statusHandler
