// What full and quick depth prove about an image, through preflight(): markers found wherever they are, cut files refused, and what was not checked said so.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preflight } from '../../src/pipeline/preflight.js'
import { ProbeCache } from '../../src/services/probe-cache.js'
import { afterSoi, insertBefore, pngChunk, xmpExtension } from '../helpers/image-bytes.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { mediaUrl } from '../../src/request/parse.js'

let dir: string
let server: TestServer
const bodies: Record<string, Buffer> = {}
const paths: Record<string, string> = {}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-depth-'))
  const photo = await readFile(samplePath('feed-ok-1080x1350.jpg'))
  const apng = await readFile(samplePath('animated-320x400.png'))
  Object.assign(bodies, {
    // Five XMP extension segments (~300 KB) push the MPF segment past 256 KiB.
    'late-mpf.jpg': afterSoi(
      await readFile(samplePath('stereo-mpo-1080x1350.jpg')),
      Array.from({ length: 5 }, () => xmpExtension(60_000)),
    ),
    'late-actl.png': insertBefore(
      apng,
      'acTL',
      pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(300_000, 0x41)])),
    ),
    'cut-eoi.jpg': Buffer.concat([photo.subarray(0, Math.floor(photo.length * 0.6)), Buffer.from([0xff, 0xd9])]),
    'photo.heic': await readFile(samplePath('photo-400x500.heic')),
  })
  for (const [name, bytes] of Object.entries(bodies)) {
    paths[name] = join(dir, name)
    await writeFile(paths[name], bytes)
  }
  server = await startServer((req, res) => {
    const body = bodies[(req.url ?? '').slice(1)]
    if (!body) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) }).end(body)
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const check = (name: string, targets: Parameters<typeof preflight>[0]['targets'], options = testOptions()) =>
  preflight({ media: [{ path: paths[name]! }], targets }, options)

describe('markers past a fixed head', () => {
  it('a stereo MPO whose MPF segment starts past 256 KiB fails Instagram feed', async () => {
    const report = await check('late-mpf.jpg', ['instagram.feed'])
    expect(report.items[0]!.media!.image!.multiPicture).toBe('stereo')
    expect(report.results[0]!.verdict).toBe('fail')
    expect(report.results[0]!.findings.map((f) => f.rule)).toContain('image.format')
  })

  it('an APNG whose acTL comes after a 300 KB text chunk is animated', async () => {
    const report = await check('late-actl.png', ['instagram.feed'])
    expect(report.items[0]!.media!.image).toMatchObject({ animated: true, frames: 3, decoded: 'whole' })
    expect(report.results[0]!.findings.map((f) => f.rule)).toContain('image.animated')
  })
})

describe('full depth decodes; quick depth says what it skipped', () => {
  it('full depth fails a JPEG cut mid-scan and closed with an EOI marker, on every target', async () => {
    const report = await check('cut-eoi.jpg', ['instagram.feed', 'threads', 'mastodon'])
    for (const result of report.results) {
      expect(result.verdict).toBe('fail')
      expect(result.findings[0]).toMatchObject({ rule: 'media.corrupt', actual: 'truncated image data' })
    }
  })

  it('quick depth does not decode it, and lists that in unverified', async () => {
    const report = await preflight(
      { media: [mediaUrl(server.url('/cut-eoi.jpg'))], targets: ['instagram.feed'], depth: 'quick' },
      testOptions(),
    )
    const item = report.items[0]!
    expect(item.media!.image!.decoded).toBe('skipped')
    expect(item.media!.corrupt).toBeNull()
    expect(item.source!.unverified).toContain('that the whole image decodes (depth "quick" reads its headers only)')
  })

  it('quick facts are not cached: the same bytes at full depth are decoded', async () => {
    const options = testOptions({ probeCache: new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 }) })
    const url = server.url('/cut-eoi.jpg')
    const quick = await preflight({ media: [mediaUrl(url)], targets: ['instagram.feed'], depth: 'quick' }, options)
    expect(quick.items[0]!.media!.corrupt).toBeNull()
    const full = await preflight({ media: [mediaUrl(url)], targets: ['instagram.feed'] }, options)
    expect(full.items[0]!.cache).toBe('miss')
    expect(full.items[0]!.media!.corrupt).toBe('truncated image data')
    const again = await preflight({ media: [mediaUrl(url)], targets: ['instagram.feed'], depth: 'quick' }, options)
    expect(again.items[0]!.cache).toBe('hit') // the full facts serve quick requests too
    expect(again.items[0]!.source!.unverified).toEqual([])
  })

  it('HEVC HEIC: every finding on it notes that its pixels were not decoded', async () => {
    const report = await check('photo.heic', ['instagram.feed', 'threads', 'mastodon'])
    expect(report.items[0]!.media!.image!.decoded).toBe('structure')
    for (const result of report.results) {
      const format = result.findings.find((f) => f.rule === 'image.format')!
      expect(format.note).toMatch(/Not decoded: sharp's libvips has no HEVC decoder/)
    }
  })
})
