// The assets of an audit: a folder walked for files that sniff as media, or the entries of a list file.
import { opendir, readFile, realpath, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { sniff } from '../pipeline/sniff.js'
import { parseCsv } from './csv.js'
import { mapBounded } from '../services/each-bounded.js'

export interface Asset {
  /** How the report names it: the path under the audited folder, or the list entry as written. */
  name: string
  /** A list's URL stays text until its run: one that is no http(s) URL is that asset's error row, not the list's. */
  input: { url: string } | { path: string }
}

export interface WalkOptions {
  /** Folders deeper than this below the root are not entered. */
  maxDepth: number
  /** Files sniffed at once. */
  concurrency: number
}

/** A folder → every file under it that sniffs as media; a list file → its entries; a media file → itself. */
export async function findAssets(target: string, options: WalkOptions): Promise<Asset[]> {
  const root = resolve(target)
  const info = await stat(root)
  if (info.isDirectory()) return walkMedia(root, options)
  if ((await sniff(root)).kind !== 'unknown') return [{ name: target, input: { path: root } }]
  return listEntries(root, await readFile(root, 'utf8'))
}

async function walkMedia(root: string, options: WalkOptions): Promise<Asset[]> {
  const files: string[] = []
  // Real paths of the folders entered: a symlink back up the tree is entered once, not forever.
  const seen = new Set<string>()
  const walk = async (dir: string, depth: number): Promise<void> => {
    const real = await realpath(dir).catch(() => null)
    if (real === null || seen.has(real)) return
    seen.add(real)
    const entries = await opendir(dir).catch(() => null)
    if (!entries) return
    for await (const entry of entries) {
      const path = join(dir, entry.name)
      const kind = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry
      if (kind?.isDirectory() && depth < options.maxDepth) await walk(path, depth + 1)
      else if (kind?.isFile()) files.push(path)
    }
  }
  await walk(root, 0)
  files.sort()
  const media = await mapBounded(files, options.concurrency, async (path) => {
    const sniffed = await sniff(path).catch(() => null)
    return sniffed && sniffed.kind !== 'unknown' ? path : null
  })
  return media
    .filter((path): path is string => path !== null)
    .map((path) => ({ name: relative(root, path).split(sep).join('/'), input: { path } }))
}

/** One URL or path a line (blank lines and # comments skipped), or a CSV with a `url` column. */
export function listEntries(listPath: string, text: string): Asset[] {
  const base = dirname(listPath)
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = parseCsv(lines[0] ?? '')[0]?.map((h) => h.trim().toLowerCase()) ?? []
  const column = header.length > 1 || header[0] === 'url' ? header.indexOf('url') : -1
  const entries =
    column >= 0
      ? parseCsv(text.replace(/^\uFEFF/, ''))
          .slice(1)
          .map((row) => (row[column] ?? '').trim())
      : lines.map((line) => line.trim()).filter((line) => !line.startsWith('#'))
  return entries.filter(Boolean).map((entry) => ({ name: entry, input: inputOf(entry, base) }))
}

function inputOf(entry: string, base: string): Asset['input'] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return { url: entry }
  return { path: resolve(base, entry) }
}
