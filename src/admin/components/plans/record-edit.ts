/**
 * Editing a JSON object as a list of key → value rows (a unilevel's `depth_by_rank`, a pool's
 * `shares`) without losing the row order the admin sees. Pure: the form applies the result with
 * setAt, or shows the refusal next to the row.
 */

export type RecordEdit = { ok: true; record: Record<string, unknown> } | { ok: false; error: string }

/** Renames `from` to `to` in place (the row keeps its position); an empty or taken name is refused. */
export function renameKey(record: Record<string, unknown>, from: string, to: string): RecordEdit {
  if (to === from) return { ok: true, record }
  if (to.trim() === "") return { ok: false, error: "The name must not be empty" }
  if (Object.prototype.hasOwnProperty.call(record, to)) return { ok: false, error: `"${to}" is already listed` }
  return { ok: true, record: Object.fromEntries(Object.entries(record).map(([key, value]) => [key === from ? to : key, value])) }
}

/** A new row at the end under the first free name `<base>`, `<base> 2`, `<base> 3`… */
export function addEntry(record: Record<string, unknown>, base: string, value: unknown): Record<string, unknown> {
  let name = base
  for (let n = 2; Object.prototype.hasOwnProperty.call(record, name); n++) name = `${base} ${n}`
  return { ...record, [name]: value }
}

export function removeEntry(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key))
}
