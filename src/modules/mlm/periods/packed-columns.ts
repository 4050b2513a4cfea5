/**
 * Whole columns in one value. A period run reads a million rows per table; as rows, the driver
 * builds a million objects (seconds), and as `int[]` it parses the array text character by
 * character in JavaScript. So the load statements aggregate each column into ONE bytea of fixed
 * width big-endian values (`string_agg(int4send(x), '')`, `float8send` for sums), which the
 * driver turns into a Buffer natively, and these functions read them into typed arrays.
 *
 * The SQL side and the readers here are the only two places that know the layout.
 */

/** `string_agg(int4send(col), ''::bytea)`; NULL (no rows) reads as empty. */
export function readInt32Column(packed: Buffer | null, count: number, name: string): Int32Array {
  const out = new Int32Array(count)
  if (count === 0) return out
  assertLength(packed, count * 4, name)
  for (let i = 0, at = 0; i < count; i++, at += 4) out[i] = packed!.readInt32BE(at)
  return out
}

/** `string_agg(float8send(col::float8), ''::bytea)`: sums of minor units, exact below 2^53. */
export function readFloat64Column(packed: Buffer | null, count: number, name: string): Float64Array {
  const out = new Float64Array(count)
  if (count === 0) return out
  assertLength(packed, count * 8, name)
  for (let i = 0, at = 0; i < count; i++, at += 8) out[i] = packed!.readDoubleBE(at)
  return out
}

function assertLength(packed: Buffer | null, bytes: number, name: string): void {
  if (!packed || packed.length !== bytes) {
    throw new Error(`period load: column ${name} has ${packed?.length ?? 0} bytes, expected ${bytes}`)
  }
}

/**
 * An array parameter as PostgreSQL array text (`{1,2,3}`). The driver would send a typed array
 * as bytea, and a plain array of a million numbers is built element by element; `join` on a
 * typed array is native. Only for numbers and for words that need no quoting.
 */
export function arrayLiteral(values: { join(separator: string): string }): string {
  return `{${values.join(",")}}`
}
