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
  if (count === 0) return new Int32Array(0)
  assertLength(packed, count * 4, name)
  return new Int32Array(nativeOrder(packed!, 4).buffer, 0, count)
}

/** `string_agg(float8send(col::float8), ''::bytea)`: sums of minor units, exact below 2^53. */
export function readFloat64Column(packed: Buffer | null, count: number, name: string): Float64Array {
  if (count === 0) return new Float64Array(0)
  assertLength(packed, count * 8, name)
  return new Float64Array(nativeOrder(packed!, 8).buffer, 0, count)
}

/**
 * A copy in its own, aligned ArrayBuffer (the driver's Buffer may sit at any offset of a shared
 * one), byte-swapped from PostgreSQL's big-endian to this machine's order by Node's native swap.
 */
function nativeOrder(packed: Buffer, width: 4 | 8): Buffer {
  const copy = Buffer.allocUnsafeSlow(packed.length)
  packed.copy(copy)
  if (LITTLE_ENDIAN) {
    if (width === 4) copy.swap32()
    else copy.swap64()
  }
  return copy
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

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
