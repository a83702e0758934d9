// preflight() with the probe cache: identical bytes reuse facts, a file changed in place is probed again.
import { copyFile, mkdtemp, readFile, rm, truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digestWanted, HASH_MAX_BYTES } from '../../src/pipeline/cached-probe.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { newSource } from '../../src/fetch/source.js'
import { ProbeCache } from '../../src/services/probe-cache.js'
import { imageMedia } from '../helpers/facts.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer } from '../helpers/server.js'
import { mediaUrl } from '../../src/request/parse.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-cache-test-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const check = (path: string, options: ReturnType<typeof testOptions>) =>
  preflight({ media: [{ path }], targets: ['instagram.feed'] }, options).then((r) => r.items[0]!)

describe('probe cache in preflight()', () => {
  it('hits for the same file and for a copy of its bytes; misses once the file changes', async () => {
    const options = testOptions({ probeCache: new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 }) })
    const a = join(dir, 'a.jpg')
    await copyFile(samplePath('tall-1080x1920.jpg'), a)
    await copyFile(samplePath('tall-1080x1920.jpg'), join(dir, 'copy.jpg'))
    expect((await check(a, options)).cache).toBe('miss')
    expect((await check(a, options)).cache).toBe('hit')
    expect((await check(join(dir, 'copy.jpg'), options)).cache).toBe('hit')
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), a)
    const changed = await check(a, options)
    expect(changed.cache).toBe('miss')
    expect(changed.media).toMatchObject({ width: 1080, height: 1350 })
  })

  it('does not hash a file past HASH_MAX_BYTES: it is probed, and the cache stays empty', async () => {
    const cache = new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 })
    const options = testOptions({ probeCache: cache })
    // A real JPEG padded with zeros past the bound (sparse on disk): decoders stop at its EOI.
    const big = join(dir, 'big.jpg')
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), big)
    await truncate(big, HASH_MAX_BYTES + 1)
    const item = await check(big, options)
    expect(item.cache).toBe('bypass')
    expect(item.media).toMatchObject({ width: 1080, height: 1350 })
    expect(cache.size.entries).toBe(0)
    const source = { ...newSource('https://cdn.example/a.mp4'), etag: '"x"' }
    expect(digestWanted(cache, source, HASH_MAX_BYTES + 1)).toBe(false)
    expect(digestWanted(cache, source, HASH_MAX_BYTES)).toBe(true)
  })

  it('says bypass when there is no cache', async () => {
    const { probeCache: _none, ...options } = testOptions()
    expect((await check(samplePath('feed-ok-1080x1350.jpg'), options)).cache).toBe('bypass')
  })

  it('reuses facts for the same URL answered with the same strong ETag, without hashing the bytes', async () => {
    // The origin changes a byte but keeps the validators and the length: only the validators can explain a hit then.
    const first = await readFile(samplePath('tall-1080x1920.jpg'))
    const second = Buffer.from(first)
    second[second.length - 3]! ^= 0xff
    const bodies = [first, second]
    let served = 0
    let etag = '"v1"'
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end()
      const body = bodies[Math.min(served++, 1)]!
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length), etag }).end(body)
    })
    try {
      const options = testOptions({ probeCache: new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 }) })
      const url = server.url('/photo.jpg')
      const fetchOnce = () =>
        preflight({ media: [mediaUrl(url)], targets: ['instagram.feed'] }, options).then((r) => r.items[0]!)
      expect((await fetchOnce()).cache).toBe('miss')
      etag = '"v1"'
      const again = await fetchOnce()
      expect(again.cache).toBe('hit')
      etag = 'W/"weak"'
      const weak = await fetchOnce()
      expect(weak.cache).toBe('miss') // a weak ETag is not trusted: the changed bytes are hashed and probed
    } finally {
      await server.close()
    }
  })

  it('hits by the digest taken while downloading a URL without validators, with the same report', async () => {
    // Labelled PNG: on a hit the sniffed type comes from the cached facts, and the mismatch is still found.
    const jpeg = await readFile(samplePath('tall-1080x1920.jpg'))
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(jpeg.length) }).end(jpeg)
    })
    try {
      const options = testOptions({ probeCache: new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 }) })
      const run = () =>
        preflight({ media: [mediaUrl(server.url('/photo.jpg'))], targets: ['instagram.feed', 'mastodon'] }, options)
      const first = await run()
      const second = await run()
      expect([first.items[0]!.cache, second.items[0]!.cache]).toEqual(['miss', 'hit'])
      const finding = second.results[0]!.findings.find((f) => f.rule === 'fetch.content_type')
      expect(finding?.expected).toContain('image/jpeg')
      // Only the download's timings may differ between the two reports.
      const timeless = (report: typeof first) =>
        JSON.stringify(report, (key, value: unknown) =>
          ['ttfbMs', 'downloadMs', 'throughputBps', 'cache'].includes(key) ? null : value,
        )
      expect(timeless(second)).toBe(timeless(first))
    } finally {
      await server.close()
    }
  })
})

describe('digestWanted', () => {
  it('is false only when the validators, with the announced length, name cached facts', () => {
    const cache = new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 })
    const source = { ...newSource('https://cdn.example/a.jpg'), etag: '"v1"', bytes: 1000 }
    cache.set('hash-a', imageMedia(), { source: source.finalUrl, etag: '"v1"', lastModified: null, stat: 'bytes:1000' })
    expect(digestWanted(cache, source, 1000)).toBe(false)
    expect(digestWanted(cache, source, 999)).toBe(true) // another length: not the cached bytes
    expect(digestWanted(cache, source, null)).toBe(true)
    expect(digestWanted(cache, { ...source, etag: '"v2"' }, 1000)).toBe(true)
    expect(digestWanted(cache, { ...source, etag: 'W/"v1"' }, 1000)).toBe(true) // weak: never trusted
    expect(digestWanted(cache, { ...source, etag: null }, 1000)).toBe(true)
  })
})
