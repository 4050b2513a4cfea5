/**
 * Saving an export (a CSV, JSON lines) as a file the browser downloads. The body is read whole:
 * the export routes bound a file (at most 100 000 rows).
 */

/** `attachment; filename="mlm-ledger-….csv"` → the name; the fallback when the header is absent, hidden by CORS or names a path. */
export function downloadName(contentDisposition: string | null, fallback: string): string {
  const match = contentDisposition ? /filename="?([^";]+)"?/i.exec(contentDisposition) : null
  const name = match?.[1]?.trim()
  return name && !/[\\/]/.test(name) ? name : fallback
}

export async function saveResponseAsFile(response: Response, fallbackName: string): Promise<string> {
  const name = downloadName(response.headers.get("content-disposition"), fallbackName)
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  try {
    const link = document.createElement("a")
    link.href = url
    link.download = name
    link.rel = "noopener"
    document.body.appendChild(link)
    link.click()
    link.remove()
  } finally {
    // Revoked on the next tick: the click has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
  return name
}
