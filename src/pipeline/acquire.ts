// Acquire: a URL, a local path or an uploaded file → bytes on disk, with source facts for URLs.
import type { RawFinding } from '../rule-types.js'
import { download, type DownloadOptions } from './download.js'
import type { SourceFacts } from './source.js'

/** One media item of a request. Uploaded files arrive already written to disk by the HTTP adapter. */
export type MediaInput = { url: string } | { path: string }

export interface Acquired {
  /** Where the bytes are; null when none could be obtained. */
  path: string | null
  source: SourceFacts | null
  /** Only part of the file is on disk (cut at the read cap, or read with depth "quick"). */
  partial: boolean
  findings: RawFinding[]
}

export async function acquire(input: MediaInput, scratchPath: string, options: DownloadOptions): Promise<Acquired> {
  if ('path' in input) return { path: input.path, source: null, partial: false, findings: [] }
  const { source, saved, partial, findings } = await download(input.url, scratchPath, options)
  return { path: saved ? scratchPath : null, source, partial, findings }
}
