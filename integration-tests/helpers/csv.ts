import type { AxiosInstance, AxiosResponse } from "axios"
import type { CallerHeaders } from "./http"

/** The body as sent, byte-order mark included (axios strips it from text responses). */
export async function getText(api: AxiosInstance, url: string, headers: CallerHeaders): Promise<AxiosResponse<string>> {
  const response = await api.get(url, { headers, responseType: "arraybuffer", validateStatus: () => true })
  return { ...response, data: Buffer.from(response.data).toString("utf8") }
}

/** RFC 4180 records as the plugin's exports write them: every cell quoted, CRLF after each record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  const cell = /"((?:[^"]|"")*)"(,|\r\n)/gy
  let record: string[] = []
  let match: RegExpExecArray | null
  while ((match = cell.exec(text))) {
    record.push(match[1].replace(/""/g, '"'))
    if (match[2] === "\r\n") {
      records.push(record)
      record = []
    }
  }
  // The whole text is records: nothing after the last one, nothing the pattern skipped.
  expect(cell.lastIndex === 0 ? text.length : cell.lastIndex).toBe(text.length)
  return records
}
