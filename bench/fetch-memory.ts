// Fetch benchmark: a 1 GiB body over loopback (peak RSS must stay flat), and depth quick against full on large MP4s.
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config.js'
import { download } from '../src/pipeline/download.js'
import { preflight, preflightOptions } from '../src/pipeline/preflight.js'

const GiB = 1024 ** 3
const CHUNK = Buffer.alloc(64 * 1024, 0x61)

function vm(field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024
}
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`

/** Layout parts: buffers, or a box header followed by zeros up to its size. */
type Part = Buffer | { box: string; size: number }
const partLength = (p: Part) => (Buffer.isBuffer(p) ? p.length : p.size)

function serve(parts: Part[], counter: { bytes: number }) {
  const size = parts.reduce((n, p) => n + partLength(p), 0)
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/robots.txt') return void res.writeHead(404).end()
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    const start = m ? Number(m[1]) : 0
    const end = m && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
    const headers = { 'content-type': 'video/mp4', 'content-length': String(end - start + 1), 'accept-ranges': 'bytes' }
    res.writeHead(m ? 206 : 200, m ? { ...headers, 'content-range': `bytes ${start}-${end}/${size}` } : headers)
    let at = start
    const pump = () => {
      while (at <= end) {
        const piece = pieceAt(parts, at, Math.min(end + 1, at + CHUNK.length))
        at += piece.length
        counter.bytes += piece.length
        if (!res.write(piece)) return void res.once('drain', pump)
      }
      res.end()
    }
    res.on('close', () => (at = end + 1))
    pump()
  }
}

/** Bytes [from, to) of the layout, never crossing a part boundary. */
function pieceAt(parts: Part[], from: number, to: number): Buffer {
  let offset = 0
  for (const part of parts) {
    const length = partLength(part)
    if (from < offset + length) {
      const stop = Math.min(to, offset + length)
      if (Buffer.isBuffer(part)) return part.subarray(from - offset, stop - offset)
      const piece = Buffer.alloc(stop - from)
      const header = Buffer.alloc(8)
      header.writeUInt32BE(part.size, 0)
      header.write(part.box, 4, 'latin1')
      for (let i = from; i < Math.min(stop, offset + 8); i++) piece[i - from] = header[i - offset]!
      return piece
    }
    offset += length
  }
  return Buffer.alloc(0)
}

async function withServer<T>(handler: (req: IncomingMessage, res: ServerResponse) => void, run: (base: string) => Promise<T>): Promise<T> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

const config = loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })
const options = preflightOptions(config)

async function memory(size: number) {
  const counter = { bytes: 0 }
  const parts: Part[] = [{ box: 'free', size }]
  const dir = await mkdtemp(join(tmpdir(), 'preflight-bench-'))
  try {
    const before = vm('VmHWM')
    const started = performance.now()
    const result = await withServer(serve(parts, counter), (base) =>
      download(`${base}/big.bin`, join(dir, 'media'), { ...options.fetch, readCap: size + 1, depth: 'full' }),
    )
    const ms = performance.now() - started
    console.log(`${mb(size)} body: ${mb(result.source.bytes)} on disk in ${(ms / 1000).toFixed(1)} s (${mb((result.source.bytes * 1000) / ms)}/s)`)
    console.log(`  peak RSS (VmHWM) before ${mb(before)}, after ${mb(vm('VmHWM'))}; findings: ${result.findings.map((f) => f.rule).join(', ') || 'none'}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function quickVersusFull(mp4Path: string, pad: number) {
  const bytes = readFileSync(mp4Path)
  const boxes = new Map<string, Buffer>()
  for (let at = 0; at + 8 <= bytes.length; at += bytes.readUInt32BE(at)) boxes.set(bytes.toString('latin1', at + 4, at + 8), bytes.subarray(at, at + bytes.readUInt32BE(at)))
  const [ftyp, moov, free, mdat] = ['ftyp', 'moov', 'free', 'mdat'].map((t) => boxes.get(t)!) as Buffer[]
  const layouts: Record<string, Part[]> = {
    'moov at front': [ftyp!, moov!, free!, mdat!, { box: 'free', size: pad }],
    'moov at end': [ftyp!, { box: 'free', size: moov!.length }, free!, mdat!, { box: 'free', size: pad }, moov!],
  }
  for (const [name, parts] of Object.entries(layouts)) {
    for (const depth of ['quick', 'full'] as const) {
      const counter = { bytes: 0 }
      const started = performance.now()
      const report = await withServer(serve(parts, counter), (base) =>
        preflight({ media: [{ url: `${base}/clip.mp4` }], targets: ['threads'], depth }, options),
      )
      const ms = performance.now() - started
      const media = report.items[0]!.media
      console.log(
        `${name}, ${depth}: served ${mb(counter.bytes)}, ${(ms / 1000).toFixed(2)} s, judged ${media?.video?.codec} ${media?.width}x${media?.height}, ${mb(media?.sizeBytes ?? 0)}`,
      )
    }
  }
}

// Compiled with src/ (tsc), then: node <out>/bench/fetch-memory.js [bodyBytes] [mp4PadBytes], from the repository root.
const size = Number(process.argv[2] ?? GiB)
await memory(size)
await quickVersusFull(join(process.cwd(), 'samples', 'clip-360x640.mp4'), Number(process.argv[3] ?? GiB))
