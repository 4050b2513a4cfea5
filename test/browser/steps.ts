// The browser suite, in the order it runs (one page, one login). Each step is in its own file.
import type { Step } from "./harness"
import { customerStep } from "./customer"
import { genealogyStep } from "./genealogy"
import { ledgerStep } from "./ledger"
import { loginStep } from "./login"
import { orderStep } from "./order"
import { placementStep } from "./placement"
import { planStep } from "./plan"

export const STEPS: Step[] = [loginStep, customerStep, orderStep, planStep, genealogyStep, placementStep, ledgerStep]
