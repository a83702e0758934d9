// Acquire: a URL, a local path or an uploaded file → bytes on disk, with source facts for URLs.
import type { RawFinding } from '../rule-types.js'
import { download, type DownloadOptions } from '../fetch/download.js'
import type { EarlyHead } from '../fetch/early-head.js'
import type { SourceFacts } from '../fetch/source.js'
import type { MediaUrl } from '../fetch/http-url.js'
import type { ByteRange } from '../media/mp4-sample-places.js'

/** One media item of a request. Uploaded files arrive already written to disk by the HTTP adapter. */
/** `name`: what fix commands call the file (the CLI argument as typed, an upload's file name). */
export type MediaInput = { url: MediaUrl; name?: string } | { path: string; name?: string }

export interface Acquired {
  /** Where the bytes are; null when none could be obtained. */
  path: string | null
  source: SourceFacts | null
  /** Only part of the file is on disk (cut at the read cap, or read with depth "quick"). */
  partial: boolean
  /** The bytes' SHA-256 when the download computed it (asked for, file whole); null for local files. */
  sha256: string | null
  /** The range of the file on disk that was passed over unwritten (it reads as zeros); null when all is there. */
  omitted: ByteRange | null
  findings: RawFinding[]
}

export interface Acquiring {
  /** A faststart MP4's head, on disk while the rest still downloads; null when there is none (settles by `done`). */
  head: Promise<EarlyHead | null>
  done: Promise<Acquired>
}

/** Where the bytes go: the item's file, a place for the head of a download, and the room they may take. */
export interface ScratchPaths {
  path: string
  head: string
  reserve: (bytes: number) => boolean
}

export function acquire(input: MediaInput, scratch: ScratchPaths, options: DownloadOptions): Acquiring {
  if ('path' in input)
    return {
      head: Promise.resolve(null),
      done: Promise.resolve({
        path: input.path,
        source: null,
        partial: false,
        sha256: null,
        omitted: null,
        findings: [],
      }),
    }
  let ready: (head: EarlyHead | null) => void = () => undefined
  const head = new Promise<EarlyHead | null>((resolve) => (ready = resolve))
  const withRoom = { ...options, reserve: scratch.reserve }
  const done = download(
    input.url,
    scratch.path,
    options.depth === 'full' ? { ...withRoom, head: { path: scratch.head, ready } } : withRoom,
  )
    .then(({ source, saved, partial, sha256, omitted, findings }): Acquired => ({
      path: saved ? scratch.path : null,
      source,
      partial,
      sha256,
      omitted,
      findings,
    }))
    .finally(() => ready(null))
  return { head, done }
}
