import { statusHandler } from "../handlers"

/** The user's factor state and this session's challenge. */
export const GET = statusHandler
