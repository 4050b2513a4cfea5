/**
 * Reading an archive back (backup-write.ts for the record format): verified chunks
 * (backup-format.ts) → gunzip → lines → records. Every byte handed on has authenticated; the
 * records iterator throws the first error of any stage (a changed byte, a wrong key, a cut file).
 */
import { type Readable, pipeline } from "node:stream"
import { StringDecoder } from "node:string_decoder"
import { createGunzip } from "node:zlib"
import { BackupError, type BackupHeader, ChunkOpener } from "./backup-format"
import { RECORD_TAGS, type RecordTag } from "./backup-write"

export type ArchiveRecord = { tag: RecordTag; body: unknown } | { tag: "row"; row: string }

export type OpenedArchive = {
  records: AsyncGenerator<ArchiveRecord>
  /** The archive's header, once the first record has been read. */
  header(): BackupHeader
  /** Stops reading (after a failure elsewhere). */
  close(): void
}

export function openArchive(input: Readable, key: Buffer): OpenedArchive {
  const opener = new ChunkOpener(key)
  const gunzip = createGunzip()
  let header: BackupHeader | undefined
  opener.once("header", (read: BackupHeader) => (header = read))
  // pipeline destroys every stage with the first error, so iterating gunzip throws it.
  pipeline(input, opener, gunzip, () => undefined)
  return {
    records: records(lines(gunzip)),
    header: () => {
      if (!header) throw new Error("The archive's header has not been read yet")
      return header
    },
    close: () => {
      input.destroy()
      gunzip.destroy()
    },
  }
}

async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8")
  let rest = ""
  try {
    for await (const data of source) {
      const text = rest + decoder.write(data)
      const parts = text.split("\n")
      rest = parts.pop()!
      for (const part of parts) yield part
    }
  } catch (error) {
    throw error instanceof BackupError ? error : gzipError(error as Error)
  }
  rest += decoder.end()
  if (rest !== "") throw new BackupError("Archive content ends in the middle of a line")
}

function gzipError(error: Error & { code?: string }): Error {
  // Authenticated bytes that do not inflate mean the archive was written wrong, not tampered with.
  return error.code?.startsWith("Z_") ? new BackupError(`Archive content does not decompress: ${error.message}`) : error
}

async function* records(source: AsyncGenerator<string>): AsyncGenerator<ArchiveRecord> {
  for await (const line of source) {
    if (line.startsWith("{")) {
      yield { tag: "row", row: line }
      continue
    }
    const space = line.indexOf(" ")
    const tag = line.slice(0, space) as RecordTag
    if (space < 0 || !RECORD_TAGS.includes(tag)) throw new BackupError(`Archive content has an unknown record: ${line.slice(0, 40)}`)
    yield { tag, body: JSON.parse(line.slice(space + 1)) }
  }
}
