import { confirmHandler } from "../../handlers"

/** Confirms the user's TOTP factor with a first code; answers the recovery codes once. */
export const POST = confirmHandler
