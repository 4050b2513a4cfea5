/**
 * The backup archive's container (docs/security.md, "Backups"): a plaintext header, then the
 * gzip stream of the archive's records cut into chunks, each sealed with AES-256-GCM.
 *
 *   file   = magic "MLMBKP\0\1" (8 bytes) | header length (u32 BE) | header (JSON, UTF-8) | chunk*
 *   chunk  = flags (u8, bit 0 = final) | ciphertext length (u32 BE) | IV (12) | tag (16) | ciphertext
 *   AAD    = "mlm-backup-chunk" | sha256(magic | length | header) | chunk index (u64 BE) | flags
 *
 * The file key is HKDF-SHA256(MLM_BACKUP_KEY, header.salt): every archive has its own key, so
 * random IVs never meet across archives. Binding the header's hash and the chunk's index into
 * every tag means a changed header, a reordered, swapped or dropped chunk does not authenticate;
 * the final flag (also authenticated) makes a file cut at a chunk boundary detectably short.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto"
import { Transform, type TransformCallback } from "node:stream"

export const BACKUP_FORMAT = "medusa-plugin-mlm/backup"
export const BACKUP_VERSION = 1
export const DEFAULT_CHUNK_BYTES = 1024 * 1024
const MAGIC = Buffer.from("MLMBKP\u0000\u0001", "latin1")
const MAX_HEADER_BYTES = 64 * 1024
const CHUNK_BYTES_RANGE = [1024, 16 * 1024 * 1024] as const
const PRELUDE_BYTES = 1 + 4 + 12 + 16
const FINAL = 1

export class BackupError extends Error {
  override name = "BackupError"
}

export type BackupHeader = {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  created_at: string
  key_id: string
  cipher: "aes-256-gcm"
  kdf: "hkdf-sha256"
  salt: string
  compression: "gzip"
  chunk_bytes: number
}

/** MLM_BACKUP_KEY: exactly 32 bytes, base64. */
export function parseBackupKey(base64: string | undefined): Buffer {
  const key = Buffer.from((base64 ?? "").trim(), "base64")
  if (key.length !== 32) {
    throw new BackupError(`MLM_BACKUP_KEY must be 32 bytes, base64 (got ${key.length} bytes); make one with: openssl rand -base64 32`)
  }
  return key
}

/** Names a backup key without revealing it; printed by both commands, stored in the header. */
export function backupKeyId(key: Buffer): string {
  return `bk_${createHash("sha256").update("medusa-plugin-mlm backup key id\u0000").update(key).digest("hex").slice(0, 16)}`
}

/**
 * The backup key must be its own key: an archive holds every ciphertext of the database, so
 * sharing a key with the data keyring or the blind index would let one leaked secret open both.
 */
export function assertBackupKeyIsSeparate(key: Buffer, otherKeys: { name: string; base64: string }[]): void {
  for (const other of otherKeys) {
    const bytes = Buffer.from(other.base64.trim(), "base64")
    if (bytes.length === key.length && timingSafeEqual(bytes, key)) {
      throw new BackupError(`MLM_BACKUP_KEY must differ from every data key: it equals ${other.name}`)
    }
  }
}

function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", key, salt, "medusa-plugin-mlm backup v1 aes-256-gcm", 32))
}

function chunkAad(headerHash: Buffer, index: number, flags: number): Buffer {
  const position = Buffer.alloc(9)
  position.writeBigUInt64BE(BigInt(index), 0)
  position.writeUInt8(flags, 8)
  return Buffer.concat([Buffer.from("mlm-backup-chunk", "latin1"), headerHash, position])
}

function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), "utf8")
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length, 0)
  return Buffer.concat([MAGIC, length, json])
}

export function newBackupHeader(key: Buffer, createdAt: Date, chunkBytes = DEFAULT_CHUNK_BYTES): BackupHeader {
  if (!Number.isInteger(chunkBytes) || chunkBytes < CHUNK_BYTES_RANGE[0] || chunkBytes > CHUNK_BYTES_RANGE[1]) {
    throw new BackupError(`Chunk size must be ${CHUNK_BYTES_RANGE[0]}..${CHUNK_BYTES_RANGE[1]} bytes`)
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: createdAt.toISOString(),
    key_id: backupKeyId(key),
    cipher: "aes-256-gcm",
    kdf: "hkdf-sha256",
    salt: randomBytes(32).toString("base64"),
    compression: "gzip",
    chunk_bytes: chunkBytes,
  }
}

/** Bytes in, sealed chunks out (preceded by the header); the last chunk carries the final flag. */
export class ChunkSealer extends Transform {
  private readonly key: Buffer
  private readonly headerHash: Buffer
  private readonly chunkBytes: number
  private pending = new ByteQueue()
  private index = 0
  private headerWritten = false
  private readonly headerBytes: Buffer

  constructor(key: Buffer, header: BackupHeader) {
    super()
    this.headerBytes = encodeHeader(header)
    this.headerHash = createHash("sha256").update(this.headerBytes).digest()
    this.key = fileKey(key, Buffer.from(header.salt, "base64"))
    this.chunkBytes = header.chunk_bytes
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.writeHeaderOnce()
    this.pending.push(data)
    // Keep at least one byte back: only flush knows which chunk is the last.
    while (this.pending.length > this.chunkBytes) this.push(this.seal(this.pending.take(this.chunkBytes), 0))
    done()
  }

  override _flush(done: TransformCallback): void {
    this.writeHeaderOnce()
    this.push(this.seal(this.pending.take(this.pending.length), FINAL))
    done()
  }

  private writeHeaderOnce(): void {
    if (this.headerWritten) return
    this.headerWritten = true
    this.push(this.headerBytes)
  }

  private seal(plaintext: Buffer, flags: number): Buffer {
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", this.key, iv, { authTagLength: 16 })
    cipher.setAAD(chunkAad(this.headerHash, this.index++, flags))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    const prelude = Buffer.alloc(5)
    prelude.writeUInt8(flags, 0)
    prelude.writeUInt32BE(body.length, 1)
    return Buffer.concat([prelude, iv, cipher.getAuthTag(), body])
  }
}

/**
 * Sealed archive in, verified plaintext out. Nothing unauthenticated is ever passed on: a chunk
 * is released only after its tag checks. Emits `header` once the header is read and the key
 * matches. Fails on a changed byte anywhere, a wrong key, a missing final chunk or trailing data.
 */
export class ChunkOpener extends Transform {
  private pending = new ByteQueue()
  private header: BackupHeader | null = null
  private headerHash: Buffer | null = null
  private fileKey: Buffer | null = null
  private index = 0
  private finished = false

  constructor(private readonly key: Buffer) {
    super()
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.pending.push(data)
      this.drain()
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    if (!this.header) return done(new BackupError("Not a complete MLM backup archive: the file ends inside its header"))
    if (!this.finished) {
      const where = this.index === 0 ? "before its first chunk" : `after chunk ${this.index - 1} without the final chunk`
      return done(new BackupError(`Archive is truncated: it ends ${where}`))
    }
    done()
  }

  private drain(): void {
    if (!this.header && !this.readHeader()) return
    while (this.pending.length > 0) {
      if (this.finished) throw new BackupError("Archive has data after its final chunk: the file was modified")
      if (this.pending.length < PRELUDE_BYTES) return
      const prelude = this.pending.peek(PRELUDE_BYTES)
      const flags = prelude.readUInt8(0)
      const length = prelude.readUInt32BE(1)
      if ((flags & ~FINAL) !== 0 || length > this.header!.chunk_bytes + 16) {
        throw new BackupError(`Archive chunk ${this.index} has a damaged frame: the file was modified or damaged`)
      }
      if (this.pending.length < PRELUDE_BYTES + length) return
      this.pending.take(PRELUDE_BYTES)
      this.push(this.open(prelude.subarray(5, 17), prelude.subarray(17, 33), this.pending.take(length), flags))
      if (flags & FINAL) this.finished = true
    }
  }

  private readHeader(): boolean {
    if (this.pending.length < MAGIC.length + 4) return false
    const start = this.pending.peek(MAGIC.length + 4)
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError("Not an MLM backup archive (bad magic bytes)")
    const length = start.readUInt32BE(MAGIC.length)
    if (length > MAX_HEADER_BYTES) throw new BackupError("Archive header is damaged (impossible length)")
    if (this.pending.length < MAGIC.length + 4 + length) return false
    const bytes = this.pending.take(MAGIC.length + 4 + length)
    const header = parseHeader(bytes.subarray(MAGIC.length + 4))
    const ours = backupKeyId(this.key)
    if (header.key_id !== ours) {
      throw new BackupError(`Wrong key: the archive was encrypted with backup key ${header.key_id}, MLM_BACKUP_KEY is ${ours}`)
    }
    this.header = header
    this.headerHash = createHash("sha256").update(bytes).digest()
    this.fileKey = fileKey(this.key, Buffer.from(header.salt, "base64"))
    this.emit("header", header)
    return true
  }

  private open(iv: Buffer, tag: Buffer, body: Buffer, flags: number): Buffer {
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.fileKey!, iv, { authTagLength: 16 })
      decipher.setAAD(chunkAad(this.headerHash!, this.index, flags))
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(body), decipher.final()])
    } catch {
      throw new BackupError(`Archive chunk ${this.index} does not authenticate: the file (or its header) was modified, damaged or reordered`)
    } finally {
      this.index++
    }
  }
}

function parseHeader(json: Buffer): BackupHeader {
  let header: Partial<BackupHeader>
  try {
    header = JSON.parse(json.toString("utf8")) as Partial<BackupHeader>
  } catch {
    throw new BackupError("Archive header is damaged (not JSON)")
  }
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
    throw new BackupError(`Unsupported archive: format ${String(header.format)} version ${String(header.version)} (this plugin reads ${BACKUP_FORMAT} version ${BACKUP_VERSION})`)
  }
  const chunkBytes = header.chunk_bytes
  if (
    header.cipher !== "aes-256-gcm" || header.kdf !== "hkdf-sha256" || header.compression !== "gzip" ||
    typeof header.key_id !== "string" || typeof header.salt !== "string" || typeof header.created_at !== "string" ||
    typeof chunkBytes !== "number" || !Number.isInteger(chunkBytes) || chunkBytes < CHUNK_BYTES_RANGE[0] || chunkBytes > CHUNK_BYTES_RANGE[1]
  ) {
    throw new BackupError("Archive header is damaged (unexpected fields)")
  }
  return header as BackupHeader
}

/** A FIFO of bytes that copies only what it hands out. */
class ByteQueue {
  private parts: Buffer[] = []
  length = 0

  push(data: Buffer): void {
    if (data.length === 0) return
    this.parts.push(data)
    this.length += data.length
  }

  peek(count: number): Buffer {
    const out = this.take(count)
    this.parts.unshift(out)
    this.length += out.length
    return out
  }

  take(count: number): Buffer {
    const out = Buffer.allocUnsafe(count)
    let filled = 0
    while (filled < count) {
      const part = this.parts[0]
      const used = Math.min(part.length, count - filled)
      part.copy(out, filled, 0, used)
      filled += used
      if (used === part.length) this.parts.shift()
      else this.parts[0] = part.subarray(used)
    }
    this.length -= count
    return out
  }
}
