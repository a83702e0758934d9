// Decompression bombs and slow decodes: refused by declared pixels before decoding, bounded in time, stopped by the request's signal.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preflight, decodePixelsFor } from '../../src/pipeline/preflight.js'
import { probe } from '../../src/pipeline/probe.js'
import { sniff } from '../../src/pipeline/sniff.js'
import { targets } from '../../platforms/targets.js'
import { zeroPng } from '../helpers/image-bytes.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
const files: Record<string, string> = {}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-bombs-'))
  const save = async (name: string, bytes: Buffer) => {
    files[name] = join(dir, name)
    await writeFile(files[name], bytes)
  }
  await save('bomb.png', zeroPng(100_000, 100_000))
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer()
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]))
  jpeg.writeUInt16BE(65_000, sof + 5) // height
  jpeg.writeUInt16BE(65_000, sof + 7) // width
  await save('huge.jpg', jpeg)
  const gif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .gif()
    .toBuffer()
  const frame = gif.indexOf(0x2c, 13) // the image descriptor: libvips reads the frame's size
  for (const at of [6, 8, frame + 5, frame + 7]) gif.writeUInt16LE(65_535, at)
  await save('huge.gif', gif)
  // A lossless WebP's VP8L header: 0x2f, then 14 bits of width - 1 and 14 bits of height - 1: 16383x16383, the format's largest.
  const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .webp({ lossless: true })
    .toBuffer()
  const vp8l = webp.indexOf('VP8L', 0, 'latin1') + 8
  const bits = webp.readUInt32LE(vp8l + 1)
  webp.writeUInt32LE(((bits & ~0x0fffffff) | 0x3ffe | (0x3ffe << 14)) >>> 0, vp8l + 1)
  await save('huge.webp', webp)
  await save('slow.png', zeroPng(16_000, 16_000)) // under libvips' bound: decoded (in a child: over 50 MP), and that takes seconds
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('a bound from the requested targets', () => {
  it('is the largest image.pixels limit of the targets that take images, or libvips’ default bound', () => {
    expect(decodePixelsFor([targets.mastodon])).toEqual({ maxPixels: 33_177_600, pixelsJudged: true })
    expect(decodePixelsFor([targets['instagram.reels'], targets.mastodon])).toEqual({
      maxPixels: 33_177_600,
      pixelsJudged: true,
    })
    expect(decodePixelsFor([targets['instagram.feed'], targets.mastodon])).toEqual({
      maxPixels: 268_402_689,
      pixelsJudged: false,
    })
    expect(decodePixelsFor([targets['instagram.reels']])).toEqual({ maxPixels: 268_402_689, pixelsJudged: false })
    // An instance publishing a larger image_matrix_limit raises the bound with it.
    const pixels = targets.mastodon.rules['image.pixels']
    const instance = {
      ...targets.mastodon,
      rules: { ...targets.mastodon.rules, 'image.pixels': { ...pixels, value: { ...pixels.value, max: 50_000_000 } } },
    }
    expect(decodePixelsFor([instance]).maxPixels).toBe(50_000_000)
  })
})

describe('decompression bombs', () => {
  it.each([
    ['bomb.png', '100000x100000', '10,000,000,000'],
    ['huge.jpg', '65000x65000', '4,225,000,000'],
    ['huge.gif', '65535x65535', '4,294,836,225'],
  ])('%s is refused by its declared size within 2 s, with a finding on every target', async (name, size, pixels) => {
    const started = performance.now()
    const report = await preflight(
      { media: [{ path: files[name]! }], targets: ['instagram.feed', 'threads', 'mastodon'] },
      testOptions(),
    )
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(report.items[0]!.media!.image!.decoded).toBe('refused')
    const reason = `too large to decode: ${size} declares ${pixels} pixels, over the 268,402,689 checked`
    for (const result of report.results) {
      expect(result.verdict).toBe('fail')
      expect(result.findings.find((f) => f.rule === 'media.corrupt')?.actual).toBe(reason)
    }
    expect(report.results[2]!.findings.map((f) => f.rule)).toContain('image.pixels')
  })

  it('on Mastodon alone, the 100000x100000 PNG fails image.pixels only: its limit is the bound', async () => {
    const report = await preflight({ media: [{ path: files['bomb.png']! }], targets: ['mastodon'] }, testOptions())
    expect(report.results[0]!.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['image.pixels:error'])
    expect(report.items[0]!.media!.image!.decoded).toBe('refused')
  })

  it('a WebP of the largest size WebP allows is refused where the bound is a target’s limit (Mastodon, Threads takes no WebP)', async () => {
    const report = await preflight({ media: [{ path: files['huge.webp']! }], targets: ['mastodon'] }, testOptions())
    expect(report.items[0]!.media!.image!.decoded).toBe('refused')
    expect([report.items[0]!.media!.width, report.items[0]!.media!.height]).toEqual([16_383, 16_383])
    expect(report.results[0]!.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['image.pixels:error'])
  })

  it('kept peak memory under 250 MB for all of them (this file’s own process)', () => {
    expect(process.resourceUsage().maxRSS / 1024).toBeLessThan(250)
  })
})

const probeFile = async (name: string, decode: { timeoutMs: number; signal?: AbortSignal }) =>
  probe(files[name] ?? samplePath(name), await sniff(files[name] ?? samplePath(name)), testOptions().ffprobe, {
    partial: false,
    decode: { depth: 'full', maxPixels: 268_402_689, ...decode },
  })

describe('slow decodes', () => {
  it('stops waiting for an in-process decode at the timeout too', async () => {
    const media = await probeFile('big-4000x3000.png', { timeoutMs: 1 })
    expect(media.image!.decoded).toBe('refused')
    expect(media.corrupt).toBe('too slow to decode: stopped after 1 ms')
  })

  it('stops waiting at the decode timeout, and reports the image as not decoded', async () => {
    const started = performance.now()
    const media = await probe(files['slow.png']!, await sniff(files['slow.png']!), testOptions().ffprobe, {
      partial: false,
      decode: { depth: 'full', maxPixels: 268_402_689, timeoutMs: 150 },
    })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(media.image!.decoded).toBe('refused')
    expect(media.corrupt).toBe('too slow to decode: stopped after 150 ms')
  })

  it('stops when the request is aborted (the client left)', async () => {
    const controller = new AbortController()
    const left = new Error('client left')
    setTimeout(() => controller.abort(left), 100)
    const started = performance.now()
    const probing = probe(files['slow.png']!, await sniff(files['slow.png']!), testOptions().ffprobe, {
      partial: false,
      decode: { depth: 'full', maxPixels: 268_402_689, timeoutMs: 10_000, signal: controller.signal },
    })
    await expect(probing).rejects.toBe(left)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
