// Streams a multipart/form-data body: every file part goes straight to its own scratch file on disk.
import { createWriteStream } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { pipeline } from 'node:stream/promises'
import busboy from 'busboy'
import { ServiceError } from '../errors.js'
import type { DiskBudget } from '../services/disk-budget.js'
import { scavenger } from '../fetch/scavenge.js'
import { createScratch, type Scratch } from '../services/temp-file.js'

// Parts arrive in chunks of a few KB to 64 KB; a 1 MiB write buffer lets the stream batch them into one writev.
const WRITE_BATCH_BYTES = 1024 * 1024

export interface MultipartLimits {
  /** Largest file, in bytes: past it the upload is refused with 413. */
  fileBytes: number
  files: number
  tmpDir: string
  /** The service's temp-disk budget, shared with downloads; absent, no bound. */
  budget?: DiskBudget
}

// Form fields: the post fields are a handful; a repeated `targets` field holds one target each.
const MAX_FIELDS = 100
const MAX_FIELD_BYTES = 1024 * 1024

export interface ParsedForm {
  /** Repeated fields keep every value, in order. */
  fields: Map<string, string[]>
  files: { name: string; path: string }[]
  /** Each file's scratch directory: the caller disposes them once the files are no longer needed. */
  scratches: Scratch[]
}

/** `body` is the request's Node stream when there is one, else its Web stream. */
export async function parseMultipart(
  headers: Headers,
  body: Readable | ReadableStream<Uint8Array> | null,
  limits: MultipartLimits,
): Promise<ParsedForm> {
  const form: ParsedForm = { fields: new Map(), files: [], scratches: [] }
  if (!body) throw new ServiceError('bad_request', 'The multipart body is empty.')
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: Object.fromEntries(headers),
      limits: {
        fileSize: limits.fileBytes,
        files: limits.files,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: limits.files + MAX_FIELDS,
      },
    })
  } catch {
    throw new ServiceError('unsupported_media_type', 'Send multipart/form-data with a boundary.')
  }
  const writes: Promise<void>[] = []
  let stored = 0 // bytes of this request's files on disk
  let refusal: ServiceError | null = null
  const refuse = (error: ServiceError) => {
    refusal ??= error
  }
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated)
      return refuse(new ServiceError('payload_too_large', `Field "${name.slice(0, 40)}" is too long.`))
    form.fields.set(name, [...(form.fields.get(name) ?? []), value])
  })
  parser.on('file', (field, stream, info) => {
    if (field !== 'file' || refusal) {
      stream.resume() // parts we do not want are drained, not stored
      return
    }
    stream.on('limit', () =>
      refuse(new ServiceError('payload_too_large', `Each file may be at most ${limits.fileBytes} bytes.`)),
    )
    // The slot is taken now: files keep the order they were sent in (a carousel's item order).
    const slot = form.files.length
    form.files.push({ name: info.filename ?? 'upload', path: '' })
    writes.push(
      createScratch(limits.tmpDir, limits.budget).then(async (scratch) => {
        form.scratches.push(scratch)
        form.files[slot] = { name: info.filename ?? 'upload', path: scratch.path }
        const scavenge = scavenger()
        // Room in the budget is taken before each chunk is written; once the request is refused, the rest is drained, not stored.
        const room = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            scavenge(chunk.length)
            if (refusal) return done()
            if (scratch.reserve(chunk.length)) {
              stored += chunk.length
              return done(null, chunk)
            }
            refuse(overBudget(limits.budget, stored + chunk.length))
            done()
          },
        })
        await pipeline(stream, room, createWriteStream(scratch.path, { highWaterMark: WRITE_BATCH_BYTES }))
      }),
    )
  })
  parser.on('filesLimit', () =>
    refuse(new ServiceError('too_many_items', `At most ${limits.files} files per request.`)),
  )
  // Past these busboy drops the parts silently: the form would be judged without them (say, no targets).
  const tooManyParts = () =>
    refuse(
      new ServiceError('too_many_parts', `At most ${MAX_FIELDS} form fields and ${limits.files} files per request.`),
    )
  parser.on('fieldsLimit', tooManyParts)
  parser.on('partsLimit', tooManyParts)
  try {
    await pipeline(body instanceof Readable ? body : Readable.fromWeb(body as NodeReadableStream), parser)
    await Promise.all(writes)
  } catch (error) {
    await Promise.allSettled(writes)
    await disposeAll(form.scratches)
    if (refusal) throw refusal
    if (error instanceof ServiceError) throw error // the body's pace broken: 408
    throw new ServiceError('bad_request', 'The multipart body could not be read.', { cause: error })
  }
  if (refusal) {
    await disposeAll(form.scratches)
    throw refusal
  }
  return form
}

/** Files that could never fit the budget together: 413; files that fit once other work is done: 503 with Retry-After. */
export function overBudget(budget: DiskBudget | undefined, wanted: number): ServiceError {
  const limit = budget?.limit ?? 0
  return wanted > limit
    ? new ServiceError(
        'payload_too_large',
        `The files of one request may hold at most ${limit} bytes together (the service's temp-disk budget).`,
      )
    : new ServiceError(
        'insufficient_storage',
        "The service's temporary disk space is taken by checks in progress; retry after the Retry-After delay.",
      )
}

export async function disposeAll(scratches: readonly Scratch[]): Promise<void> {
  await Promise.allSettled(scratches.map((s) => s[Symbol.asyncDispose]()))
}
