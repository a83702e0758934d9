// Serves one file the package ships (page, styles, compiled browser code, docs assets), streamed from disk.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { ServiceError } from '../errors.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
}

/** A response streaming `path`, or the contract's 404 when the file is absent (e.g. not built yet). */
export async function fileResponse(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) throw new ServiceError('not_found', 'No such file (is the package built? npm run build).')
  const body = Readable.toWeb(createReadStream(path)) as WebReadableStream<Uint8Array>
  return new Response(body as unknown as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': String(info.size),
      'cache-control': 'no-cache', // revalidated each load, so a rebuilt page is never stale
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  })
}
