// Sniff: the real type from the file's first bytes (file-type); the header and file name never decide.
import { fileTypeFromFile } from 'file-type'
import type { MediaKind } from '../facts.js'

export interface Sniffed {
  kind: MediaKind
  mime: string | null
  ext: string | null
}

export const UNKNOWN: Sniffed = { kind: 'unknown', mime: null, ext: null }

export async function sniff(path: string): Promise<Sniffed> {
  const type = await fileTypeFromFile(path)
  if (!type) return UNKNOWN
  return { kind: kindOf(type.mime), mime: type.mime, ext: type.ext }
}

function kindOf(mime: string): MediaKind {
  const top = mime.split('/')[0]
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'unknown'
}
