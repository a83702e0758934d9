// The Content-Type header against the sniffed bytes (PLATFORM-RULES.md §7.3 fetch.content_type). Pure.
import type { RawFinding } from '../rule-types.js'

const GENERIC = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/x-download',
  'application/force-download',
])
/** Spellings servers use for a type file-type names otherwise. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heif',
  'video/x-m4v': 'video/mp4',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'video/x-quicktime': 'video/quicktime',
}

const essence = (mime: string): string => {
  const bare = mime.split(';')[0]!.trim().toLowerCase()
  return ALIASES[bare] ?? bare
}

/** A finding when the header is missing, generic, text, or names another type than the bytes. */
export function contentTypeFinding(header: string | null, sniffed: string | null): RawFinding | null {
  const finding = (problem: 'missing' | 'generic' | 'text' | 'mismatch'): RawFinding => ({
    rule: 'fetch.content_type',
    args: { header, sniffed, problem },
  })
  if (!header?.trim()) return finding('missing')
  const declared = essence(header)
  if (GENERIC.has(declared)) return finding('generic')
  if (declared.startsWith('text/')) return finding('text')
  if (sniffed && declared !== essence(sniffed)) return finding('mismatch')
  return null
}
