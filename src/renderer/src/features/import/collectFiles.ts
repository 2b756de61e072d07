// Turns what the user dropped or picked (files, folders) into a flat list of files with their relative names.

export interface PickedFile {
  /** Relative path for files from a folder ("export/2024/a.hl7"), else the file name. */
  name: string
  file: File
}

export interface Collected {
  files: PickedFile[]
  /** Operating-system clutter skipped inside folders (.DS_Store, Thumbs.db, hidden files). */
  skipped: number
}

const CLUTTER = new Set(['thumbs.db', 'desktop.ini'])

/** Hidden and system files inside a folder are not device reports; a file picked on its own always is tried. */
function isClutter(name: string): boolean {
  const base = name.split('/').pop() ?? name
  return base.startsWith('.') || CLUTTER.has(base.toLowerCase())
}

/** From an <input type=file> (plain or webkitdirectory). */
export function fromFileList(list: FileList | readonly File[]): Collected {
  const files: PickedFile[] = []
  let skipped = 0
  for (const file of Array.from(list)) {
    const name = file.webkitRelativePath || file.name
    if (file.webkitRelativePath && isClutter(name)) skipped++
    else files.push({ name, file })
  }
  return { files, skipped }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

/** All entries of a directory: readEntries answers in chunks (about 100) until it returns an empty one. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader()
  const out: FileSystemEntry[] = []
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (chunk.length === 0) return out
    out.push(...chunk)
  }
}

async function walk(entry: FileSystemEntry, into: Collected, inFolder: boolean): Promise<void> {
  const name = entry.fullPath.replace(/^\//, '') || entry.name
  if (entry.isFile) {
    if (inFolder && isClutter(name)) {
      into.skipped++
      return
    }
    into.files.push({ name, file: await fileOf(entry as FileSystemFileEntry) })
  } else if (entry.isDirectory) {
    if (isClutter(name)) {
      into.skipped++
      return
    }
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, into, true)
  }
}

/**
 * From a drop. The DataTransfer is only readable during the drop event, so the entries are taken synchronously
 * here and walked afterwards. Falls back to dt.files where entries are unavailable.
 */
export function fromDataTransfer(dt: DataTransfer): Promise<Collected> {
  const entries: FileSystemEntry[] = []
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue
    const entry = item.webkitGetAsEntry()
    if (entry) entries.push(entry)
  }
  if (entries.length === 0) return Promise.resolve(fromFileList(dt.files))
  return (async () => {
    const into: Collected = { files: [], skipped: 0 }
    for (const entry of entries) await walk(entry, into, false)
    return into
  })()
}
