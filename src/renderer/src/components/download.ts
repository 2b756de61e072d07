// Saves text as a file through the browser's own download (a Blob and an <a download>): no Node or Electron API.

/** A file name from free text: letters, digits, ".", "_" and "-" kept, anything else becomes "-". */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '')
  return cleaned === '' ? 'download' : cleaned.slice(0, 120)
}

export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = safeFileName(fileName)
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked later: revoking at once can cancel the download before the browser has read the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
