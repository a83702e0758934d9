// The loopback origin: a keep-alive node:http server over the generated media, with byte ranges (as CDNs serve).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
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

/** `keepAliveMs`: how long an idle connection is kept (the soak shortens it, so connections close once the load stops). */
export async function startOrigin(dir: string, keepAliveMs = 30_000): Promise<Origin> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://origin').pathname.slice(1))
    if (name !== basename(name) || name.startsWith('.')) return void res.writeHead(404).end()
    const path = join(dir, name)
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

/**
 * The origin in a child process of its own, so serving bytes never shares an event loop with what is
 * measured here (the in-process stage timings). It exits when its stdin closes, i.e. with the bench.
 */
export async function spawnOrigin(dir: string, timeoutMs = 10_000, keepAliveMs = 30_000): Promise<Origin> {
  const script = fileURLToPath(new URL('./origin-main.js', import.meta.url))
  const child = track(spawn(process.execPath, [script, dir, String(keepAliveMs)], { stdio: ['pipe', 'pipe', 'inherit'] }))
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
