// Fix commands that name the real files: the wording writes `in.mp4` / `out.mp4`, the report puts the
// item's own name there (`ffmpeg -i 'clip.webm' ... 'clip.fixed.mp4'`). Pure.
import { basename, extname } from 'node:path'

/** What a fix command calls the item's file, and what it names the fixed copy after. */
export interface FileNames {
  /** The input as a person would type it: the CLI argument, the upload's name, or the URL's file name. */
  input: string
  /** The fixed copy's name without its extension: the input's, with `.fixed` (same folder). */
  outputStem: string
}

/** Shell-safe: plain words as they are, anything else in single quotes. */
export function quote(word: string): string {
  return /^[\w./:=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** Names for an item: `shown` as given (a path, an upload's or a URL's file name), `media` when it has none. */
export function fileNames(shown: string | null | undefined): FileNames {
  const input = shown && shown.trim() ? shown : 'media'
  const ext = extname(input)
  const stem = ext && ext !== input ? input.slice(0, -ext.length) : input
  return { input, outputStem: `${stem}.fixed` }
}

/** A URL's file name (its last path segment, decoded), or null when the path names none. */
export function urlFileName(url: URL): string | null {
  try {
    const last = basename(url.pathname)
    return last ? decodeURIComponent(last) : null
  } catch {
    return null // a malformed percent-escape
  }
}

// The runnable part of a fix: from the tool to the fixed file it writes.
const COMMAND = /\b(?:ffmpeg|magick) (?:(?!\sout\.\w+).)*\sout\.\w+/

/** The command inside a fix's text, null when the fix is prose only. */
export function commandIn(fix: string | null): string | null {
  return fix?.match(COMMAND)?.[0] ?? null
}

/** The placeholders `in`, `in.<ext>` and `out.<ext>` of a command replaced by the item's names. */
export function namedCommand(command: string, names: FileNames): string {
  return command
    .split(' ')
    .map((word) => {
      if (/^in(\.\w+)?$/.test(word)) return quote(names.input)
      const out = /^out\.(\w+)$/.exec(word)
      return out ? quote(`${names.outputStem}.${out[1]}`) : word
    })
    .join(' ')
}

/** A fix's text with its command named for the item, and that command alone (for copy buttons). */
export function namedFix(fix: string | null, names: FileNames): { fix: string | null; command?: string } {
  const command = commandIn(fix)
  if (!fix || !command) return { fix }
  const named = namedCommand(command, names)
  return { fix: fix.replace(command, named), command: named }
}
