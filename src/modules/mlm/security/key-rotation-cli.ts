/**
 * `npm run keys:rotate` (scripts/rotate-keys.ts): keyring rotation without booting Medusa, on a
 * `pg` pool of its own, like the standalone commission worker. Configured by the environment the
 * module itself falls back to: DATABASE_URL, MLM_ENCRYPTION_KEYS (every key still in use plus the
 * new one), MLM_ACTIVE_KEY_ID (the new key), MLM_BLIND_INDEX_KEY; MLM_ROTATE_BATCH_SIZE
 * (default 500). A store that feeds the keyring from a KMS through the plugin option exports the
 * same keys into these variables for the run (docs/security.md).
 */
import { Pool } from "pg"
import { z } from "zod"
import { pgSqlDb } from "../commissions/sql-db"
import { DEFAULT_ROTATION_BATCH, rotateSubjectKeys, type RotationSummary } from "./key-rotation"
import { Keyring } from "./keyring"

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, { error: "is required (postgres://user:password@host:port/database)" }),
  MLM_ENCRYPTION_KEYS: z.string().min(1, { error: "is required: every key id still in use and the new active one, <id>:<base64>,..." }),
  MLM_ROTATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_ROTATION_BATCH),
})

export type RotateLog = (line: string) => void

/** Runs one rotation; resolves with its summary. Throws one message naming every bad variable. */
export async function rotateKeysFromEnv(env: NodeJS.ProcessEnv = process.env, log: RotateLog = console.log): Promise<RotationSummary> {
  const blank = (value: string | undefined) => (value === undefined || value === "" ? undefined : value)
  const parsed = envSchema.safeParse({
    DATABASE_URL: blank(env.DATABASE_URL) ?? "",
    MLM_ENCRYPTION_KEYS: blank(env.MLM_ENCRYPTION_KEYS) ?? "",
    MLM_ROTATE_BATCH_SIZE: blank(env.MLM_ROTATE_BATCH_SIZE),
  })
  if (!parsed.success) {
    throw new Error(`keys:rotate: bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`)
  }
  const keyring = new Keyring(Keyring.configFromEnv(env)!)
  const pool = new Pool({ connectionString: parsed.data.DATABASE_URL, max: 2 })
  try {
    log(`keys:rotate: re-wrapping subject keys to ${keyring.activeKeyId}, ${parsed.data.MLM_ROTATE_BATCH_SIZE} per batch`)
    const summary = await rotateSubjectKeys(pgSqlDb(pool), keyring, {
      batchSize: parsed.data.MLM_ROTATE_BATCH_SIZE,
      onProgress: (progress) =>
        log(`keys:rotate: batch ${progress.batch}: ${progress.rewrapped} re-wrapped, ${progress.failed} failed (through ${progress.last_subject_id})`),
    })
    const from = Object.entries(summary.from_key_ids).map(([keyId, count]) => `${count} from ${keyId}`).join(", ") || "nothing to do"
    log(`keys:rotate: done: ${summary.rewrapped} re-wrapped (${from}), ${summary.failed} failed, ${summary.remaining} not under ${keyring.activeKeyId}`)
    for (const failure of summary.failures) log(`keys:rotate: ${failure.subject_id}: ${failure.reason}`)
    return summary
  } finally {
    await pool.end()
  }
}
