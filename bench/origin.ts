// The loopback origin: a keep-alive node:http server over the generated media, with byte ranges (as CDNs serve).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { track } from './cleanup.js'

export interface Origin {
  url: (file: string) => string
  close: () => Promise<void>
}

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.mp4': 'video/mp4' }

/**
 * `?distinct=<token>` on a JPEG serves other bytes of the same picture: a COM segment holding the token
 * right after SOI. Each URL is then a new file to the service (no probe-cache hit), as distinct photos are.
 */
const distinctJpegs = new Map<string, Buffer>()

async function distinctJpeg(path: string, token: string): Promise<Buffer> {
  let bytes = distinctJpegs.get(path)
  if (!bytes) distinctJpegs.set(path, (bytes = await readFile(path)))
  const text = Buffer.from(token.slice(0, 200))
  const com = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff])
  return Buffer.concat([bytes.subarray(0, 2), com, text, bytes.subarray(2)])
}

/** `keepAliveMs`: how long an idle connection is kept (the soak shortens it, so connections close once the load stops). */
export async function startOrigin(dir: string, keepAliveMs = 30_000): Promise<Origin> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin')
    const name = decodeURIComponent(url.pathname.slice(1))
    if (name !== basename(name) || name.startsWith('.')) return void res.writeHead(404).end()
    const path = join(dir, name)
    const token = url.searchParams.get('distinct')
    if (token !== null && extname(name) === '.jpg') return void serveBuffer(req, res, path, token)
    stat(path).then(
      async ({ size }) => {
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
        const start = range ? Number(range[1]) : 0
        const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
        if (start > end) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end()
        res.writeHead(range ? 206 : 200, {
          'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
          'content-length': end - start + 1,
          'accept-ranges': 'bytes',
          ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
        })
        if (req.method === 'HEAD') return void res.end()
        // A client that stops reading early (a quick probe) closes the socket: not an error here.
        await pipeline(createReadStream(path, { start, end, highWaterMark: 256 * 1024 }), res).catch(() => undefined)
      },
      () => res.writeHead(404).end(),
    )
  })
  server.keepAliveTimeout = keepAliveMs
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (file) => `http://127.0.0.1:${port}/${encodeURIComponent(file)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function serveBuffer(req: IncomingMessage, res: ServerResponse, path: string, token: string): void {
  distinctJpeg(path, token).then(
    (bytes) => {
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
      const start = range ? Number(range[1]) : 0
      const end = range && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1
      if (start > end) return void res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end()
      res.writeHead(range ? 206 : 200, {
        'content-type': 'image/jpeg',
        'content-length': end - start + 1,
        'accept-ranges': 'bytes',
        ...(range ? { 'content-range': `bytes ${start}-${end}/${bytes.length}` } : {}),
      })
      res.end(req.method === 'HEAD' ? undefined : bytes.subarray(start, end + 1))
    },
    () => res.writeHead(404).end(),
  )
}

/**
 * The origin in a child process of its own, so serving bytes never shares an event loop with what is
 * measured here (the in-process stage timings). It exits when its stdin closes, i.e. with the bench.
 */
export async function spawnOrigin(dir: string, timeoutMs = 10_000, keepAliveMs = 30_000): Promise<Origin> {
  const script = fileURLToPath(new URL('./origin-main.js', import.meta.url))
  const child = track(
    spawn(process.execPath, [script, dir, String(keepAliveMs)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  )
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the origin did not start')), timeoutMs)
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer)
      resolve(chunk.toString().trim())
    })
    child.once('exit', (code) => reject(new Error(`the origin exited with ${code}`)))
  })
  return {
    url: (file) => `${base}${encodeURIComponent(file)}`,
    close: async () => {
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}
