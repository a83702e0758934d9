// A faststart MP4's head probed while the rest downloads: the same facts as the whole file by path, and fetch findings still win.
import { createWriteStream } from 'node:fs'
import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProbeOutcome } from '../../src/services/observer.js'
import { preflight, type PreflightRequest } from '../../src/pipeline/preflight.js'
import { probeHead } from '../../src/pipeline/probe-head.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { allBytes, mp4Boxes, virtualFile, type Part } from '../helpers/virtual-file.js'
import { mediaUrl } from '../../src/request/parse.js'

const box = mp4Boxes(samplePath('clip-360x640.mp4'))
const [ftyp, moov, free, mdat] = ['ftyp', 'moov', 'free', 'mdat'].map((t) => box.get(t)!) as [
  Buffer,
  Buffer,
  Buffer,
  Buffer,
]
// Past the crawler's 512 KiB range probe, so full depth reads the file again while its head is probed.
const PAD = 2_000_000
const FRONT: Part[] = [ftyp, moov, free, mdat, { box: 'free', size: PAD }]
const SIZE = ftyp.length + moov.length + free.length + mdat.length + PAD
const slow = virtualFile(FRONT, 'video/mp4', true, 2)
// Announces the whole size, sends a third of it, then closes.
const cut = virtualFile(FRONT, 'video/mp4')
const TARGETS: PreflightRequest['targets'] = ['threads', 'mastodon', 'instagram.reels']

let server: TestServer
let dir: string
let byPath: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-early-head-'))
  byPath = join(dir, 'front.mp4')
  await pipeline(Readable.from(allBytes(FRONT)), createWriteStream(byPath))
  server = await startServer((req, res) => {
    if (req.url === '/slow.mp4') return slow.handler(req, res)
    if (req.url === '/cut.mp4') {
      if (req.headers.range) return cut.handler(req, res)
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(SIZE) })
      return void res.write(Buffer.concat([ftyp, moov, free, mdat]), () => res.socket?.destroy())
    }
    res.writeHead(404).end() // robots.txt: allow all
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** preflight() with its own temp directory and a record of ffprobe runs. */
async function run(request: PreflightRequest, moovFacts = true) {
  const tmp = await mkdtemp(join(dir, 'tmp-'))
  const runs: ProbeOutcome[] = []
  const base = testOptions()
  const observer = { ffprobeRun: (_s: number, outcome: ProbeOutcome) => void runs.push(outcome) }
  const options = testOptions({ tmpDir: tmp, ffprobe: { ...base.ffprobe, moovFacts, observer } })
  const report = await preflight(request, options)
  return { report, runs, left: await readdir(tmp) }
}

describe('a faststart MP4 served slowly, full depth', () => {
  it.each([
    // The one ffprobe run left with the moov reader is the decode proof of the whole file.
    ['from the moov box in its head, with no ffprobe run but the decode proof', true, ['ok']],
    ['from one ffprobe run on its head (moov reader off), then the decode proof', false, ['ok', 'ok']],
  ])('gives the same media facts as the same file by path, %s', async (_name, moovFacts, ffprobeRuns) => {
    const url = await run({ media: [mediaUrl(server.url('/slow.mp4'))], targets: TARGETS }, moovFacts)
    const local = await run({ media: [{ path: byPath }], targets: TARGETS }, moovFacts)
    expect(url.report.items[0]!.media).toMatchObject({ kind: 'video', width: 360, height: 640, sizeBytes: SIZE })
    expect(url.report.items[0]!.media).toEqual(local.report.items[0]!.media)
    expect(url.report.items[0]!.source!.bytes).toBe(SIZE)
    expect(url.runs).toEqual(ffprobeRuns)
    expect(url.left).toEqual([])
  })

  it('a body cut short is fetch.truncated, with no media, whatever the head said', async () => {
    const { report, left } = await run({ media: [mediaUrl(server.url('/cut.mp4'))], targets: TARGETS })
    const item = report.items[0]!
    expect(item.media).toBeNull()
    expect(report.results[0]!.findings.map((f) => f.rule)).toContain('fetch.truncated')
    expect(left).toEqual([])
  })
})

describe('probeHead', () => {
  it('refuses a head whose frames ffprobe had to read from the missing part', async () => {
    const head = join(dir, 'head.mp4')
    const bytes = ftyp.length + moov.length + free.length + 64 // moov whole, the media data not yet here
    await writeFile(head, Buffer.concat([ftyp, moov, free, mdat]).subarray(0, bytes))
    await truncate(head, SIZE)
    expect(
      await probeHead({ path: head, size: SIZE, bytes }, { ...testOptions().ffprobe, moovFacts: false }),
    ).toBeNull()
  })

  it('reads the same head from its moov box alone: the facts of the whole file', async () => {
    const head = join(dir, 'head-moov.mp4')
    const bytes = ftyp.length + moov.length + free.length + 64
    await writeFile(head, Buffer.concat([ftyp, moov, free, mdat]).subarray(0, bytes))
    await truncate(head, SIZE)
    const facts = await probeHead({ path: head, size: SIZE, bytes }, testOptions().ffprobe)
    const whole = await run({ media: [{ path: byPath }], targets: TARGETS })
    expect(facts?.media).toEqual(whole.report.items[0]!.media)
  })
})
