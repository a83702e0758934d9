// depth "quick": a large MP4 judged from the probe, box headers and moov by range, moov at the front or the end.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DECODE_SKIPPED_QUICK } from '../../src/pipeline/decode-proof.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { mp4Boxes, virtualFile, type Served } from '../helpers/virtual-file.js'
import { mediaUrl } from '../../src/request/parse.js'

const box = mp4Boxes(samplePath('clip-360x640.mp4'))
const [ftyp, moov, free, mdat] = ['ftyp', 'moov', 'free', 'mdat'].map((t) => box.get(t)!) as [
  Buffer,
  Buffer,
  Buffer,
  Buffer,
]
const PAD = 40_000_000 // a `free` box of zeros makes the file large without touching the sample's offsets
// mdat stays at its offset in both layouts, so the sample's chunk offsets stay right.
const front = virtualFile([ftyp, moov, free, mdat, { box: 'free', size: PAD }], 'video/mp4')
const end = virtualFile(
  [ftyp, { box: 'free', size: moov.length }, free, mdat, { box: 'free', size: PAD }, moov],
  'video/mp4',
)
const image = virtualFile([readFileSync(samplePath('feed-ok-1080x1350.jpg')), Buffer.alloc(3_000_000)], 'image/jpeg')
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/front.mp4') return front.handler(req, res)
    if (req.url === '/end.mp4') return end.handler(req, res)
    if (req.url === '/photo.jpg') return image.handler(req, res)
    res.writeHead(404).end() // robots.txt: allow all
  })
})
afterAll(() => server.close())

describe.each([
  ['/front.mp4', front, ftyp.length + moov.length + free.length + mdat.length + PAD],
  ['/end.mp4', end, ftyp.length + 2 * moov.length + free.length + mdat.length + PAD],
])('%s with depth quick', (path, served: Served, size: number) => {
  it('is judged from a few range reads, and says what was not verified', async () => {
    served.sentBytes = 0
    served.requests = 0
    const report = await preflight(
      { media: [mediaUrl(server.url(path))], targets: ['threads', 'mastodon'], depth: 'quick' },
      testOptions(),
    )
    const { source, media } = report.items[0]!
    expect(media).toMatchObject({ kind: 'video', width: 360, height: 640, sizeBytes: size })
    expect(media!.video?.codec).toBe('h264')
    expect(source!.unverified).toContain(DECODE_SKIPPED_QUICK) // no frame is decoded, and the report says so
    expect(source!.bytes).toBeLessThan(1_000_000)
    expect(served.sentBytes).toBeLessThan(1_000_000)
    expect(served.requests).toBeLessThanOrEqual(8) // probe + robots + box headers + moov
  })
})

describe('an image with depth quick', () => {
  it('is judged from the head the probe brought, and says so', async () => {
    image.sentBytes = 0
    const report = await preflight(
      { media: [mediaUrl(server.url('/photo.jpg'))], targets: ['instagram.feed'], depth: 'quick' },
      testOptions(),
    )
    expect(report.items[0]!.media).toMatchObject({ kind: 'image', width: 1080, height: 1350, sizeBytes: 3_011_998 })
    expect(report.items[0]!.source!.unverified).toContain('anything past the first bytes of the file')
    expect(image.sentBytes).toBeLessThan(1_000_000)
  })
})

describe('depth full on the same file', () => {
  it('reads every byte and leaves nothing unverified', async () => {
    front.sentBytes = 0
    const report = await preflight({ media: [mediaUrl(server.url('/front.mp4'))], targets: ['threads'] }, testOptions())
    expect(report.items[0]!.source!.unverified).toEqual([])
    expect(front.sentBytes).toBeGreaterThan(PAD)
  })
})
