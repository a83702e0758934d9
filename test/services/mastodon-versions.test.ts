// Mastodon's version-dependent rules (CONTRACT.md "Mastodon versions"), each on a real file the test makes,
// judged against a real instance server on 127.0.0.1 that reports a given version; and `less_than` sizes.
import { execFile } from 'node:child_process'
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRelease } from '../../src/pipeline/instance-limits.js'
import { preflight, type PreflightRequest } from '../../src/pipeline/preflight.js'
import type { PostFacts } from '../../src/facts.js'
import { testOptions } from '../helpers/options.js'
import { startServer, type TestServer } from '../helpers/server.js'

// Below the test's own timeout, so a stuck ffmpeg is killed rather than left running.
const FFMPEG_TIMEOUT_MS = 20_000
const options = testOptions()
let dir: string
let server: TestServer
let origin: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-mastodon-'))
  // /<version>/api/v2/instance answers that version; `none` leaves `version` out, `noconf` leaves `configuration` out.
  server = await startServer((req, res) => {
    const match = /^\/([^/]+)(?:\/([^/]+))?\/api\/v2\/instance$/.exec(req.url ?? '')
    if (!match) return res.writeHead(404).end()
    const version = decodeURIComponent(match[1]!)
    const body = {
      ...(version === 'none' ? {} : { version }),
      ...(match[2] === 'noconf' ? {} : { configuration: { statuses: { max_characters: 500 } } }),
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  origin = server.url('').replace(/\/$/, '')
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** The instance "origin" reporting `version`: the server reads the version from the path. */
const reporting = (version: string, variant = '') =>
  `${origin}/${encodeURIComponent(version)}${variant ? `/${variant}` : ''}`

async function judge(path: string, version: string | null, post: PostFacts = {}) {
  const request: PreflightRequest = {
    media: [{ path }],
    targets: ['mastodon'],
    post,
    ...(version === null ? {} : { mastodonInstance: reporting(version) }),
  }
  const result = (await preflight(request, options)).results[0]!
  return { result, rules: result.findings.map((f) => `${f.rule}:${f.severity}`).sort() }
}

async function ffmpeg(name: string, args: string[]): Promise<string> {
  const out = join(dir, name)
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', ...args, out], { timeout: FFMPEG_TIMEOUT_MS })
  return out
}

let jpeg: string
beforeAll(async () => {
  jpeg = join(dir, 'small.jpg')
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .jpeg()
    .toFile(jpeg)
})

describe('parseRelease', () => {
  it.each([
    ['4.3.0', [4, 3, 0]],
    ['4.3.0+glitch', [4, 3, 0]],
    ['4.5.0-beta.1', [4, 5, 0]],
    ['4.2', [4, 2, 0]],
    ['v4.4.1', [4, 4, 1]],
    ['3.5.3+hometown-1.1.1', [3, 5, 3]],
    ['2.7.2 (compatible; Pleroma 2.5.0)', [2, 7, 2]],
    ['banana', null],
    ['', null],
    ['4', null],
    ['44444.1.0', null],
    [null, null],
  ] as const)('%s → %j', (version, release) => expect(parseRelease(version)).toEqual(release))
})

describe('alt text: 1,500 before 4.6, 10,000 from 4.6 (code points)', () => {
  it.each([
    ['4.5.2', 1_500, []],
    ['4.5.2', 1_501, ['post.alt_text_length:error']],
    ['4.5.0-beta.1', 1_501, ['post.alt_text_length:error']],
    ['4.3.0+glitch', 1_501, ['post.alt_text_length:error']],
    ['4.6.0', 10_000, []],
    ['4.6.0', 10_001, ['post.alt_text_length:error']],
    ['4.6.0', 1_501, []],
    ['4.7.1+glitch', 10_000, []],
  ] as const)('version %s, %i code points → %j', async (version, length, expected) => {
    expect((await judge(jpeg, version, { altText: '👍'.repeat(length) })).rules).toEqual(expected)
  })

  it('uses the latest release without an instance', async () => {
    expect((await judge(jpeg, null, { altText: 'x'.repeat(10_000) })).rules).toEqual([])
    const { result } = await judge(jpeg, null, { altText: 'x'.repeat(10_001) })
    expect(result.findings[0]).toMatchObject({
      rule: 'post.alt_text_length',
      platformError: '422',
      expected: '<= 10000',
      actual: 10_001,
    })
  })

  it('says which release the rules followed, and names the version as the source', async () => {
    const { result } = await judge(jpeg, '4.5.2', { altText: 'x'.repeat(1_501) })
    expect(result.instance).toMatchObject({ version: '4.5.2', release: '4.5.2', limits: 'instance' })
    expect(result.instance?.fromInstance).toContainEqual({
      field: 'version',
      rule: 'post.alt_text_length',
      value: '4.5.2',
    })
    expect(result.findings[0]?.message).toMatch(/1,500/)
    expect(result.findings[0]?.source.map((s) => s.key)).toEqual(['instance', 'MSRC', 'MDOC'])
  })

  it('treats an unreadable version as unknown: the latest release, and says so', async () => {
    for (const version of ['banana', 'none']) {
      const { result, rules } = await judge(jpeg, version, { altText: 'x'.repeat(10_000) })
      expect(rules).toEqual([])
      expect(result.instance).toMatchObject({
        release: null,
        limits: 'instance',
        version: version === 'none' ? null : version,
      })
      expect(result.instance?.fromInstance.filter((l) => l.field === 'version')).toEqual([])
    }
  })

  it('follows the version even when the answer has no configuration (before 3.4.2)', async () => {
    const request: PreflightRequest = {
      media: [{ path: jpeg }],
      targets: ['mastodon'],
      post: { altText: 'x'.repeat(1_501) },
      mastodonInstance: reporting('3.3.0', 'noconf'),
    }
    const result = (await preflight(request, options)).results[0]!
    expect(result.findings.map((f) => `${f.rule}:${f.severity}`).sort()).toEqual([
      'post.alt_text_length:error',
      'post.instance_limits:warning',
    ])
    expect(result.instance).toMatchObject({ version: '3.3.0', release: '3.3.0', limits: 'defaults' })
  })
})

describe('yuvj420p H.264: re-encoded before 4.4, kept from 4.4', () => {
  let video: string
  beforeAll(async () => {
    video = await ffmpeg('yuvj.mp4', [
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=64x64:r=30:d=1',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuvj420p',
      '-movflags',
      '+faststart',
    ])
  })

  it('is made as yuvj420p H.264 in MP4', async () => {
    const { stdout } = await promisify(execFile)(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name,pix_fmt', '-of', 'csv=p=0', video],
      { timeout: FFMPEG_TIMEOUT_MS },
    )
    expect(stdout.trim()).toBe('h264,yuvj420p')
  })

  it('4.3: re-encoded, and the warning says why', async () => {
    const { result, rules } = await judge(video, '4.3.0')
    expect(rules).toEqual(['video.codec:warning'])
    expect(result.findings[0]?.message).toMatch(/yuvj420p/)
    expect(result.instance?.fromInstance).toContainEqual({ field: 'version', rule: 'video.codec', value: '4.3.0' })
  })

  it.each(['4.4.0', '4.4.0-rc.1', '4.7.2'])('%s: kept as sent', async (version) => {
    expect((await judge(video, version)).rules).toEqual([])
  })

  it('kept as sent without an instance (the latest release)', async () => {
    expect((await judge(video, null)).rules).toEqual([])
  })
})

describe('frame rate: 60 before 4.2, 120 from 4.2', () => {
  let video: string
  beforeAll(async () => {
    video = await ffmpeg('90fps.mp4', [
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=64x64:r=90:d=0.5',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
    ])
  })
  it.each([
    ['4.1.9', ['video.frame_rate:error']],
    ['4.2.0', []],
    [null, []],
  ] as const)('90 fps on %s → %j', async (version, expected) => {
    expect((await judge(video, version)).rules).toEqual(expected)
  })
})

describe('sizes are refused at the limit itself (less_than)', () => {
  /** A real file padded to exactly `size` bytes with a sparse tail: nothing large is written or held. */
  async function padded(source: string, name: string, size: number, tail: Buffer = Buffer.alloc(0)): Promise<string> {
    const path = join(dir, name)
    const { size: head } = await stat(source)
    const handle = await open(path, 'w')
    try {
      await handle.write(await readFile(source)) // the small real file; the rest is a sparse tail
      await handle.write(tail, 0, tail.length, head)
      await handle.truncate(size)
    } finally {
      await handle.close()
    }
    return path
  }

  it.each([
    [16_777_215, []],
    [16_777_216, ['image.file_size:error']],
  ] as const)('an image of %i B → %j', async (size, expected) => {
    const path = await padded(jpeg, `image-${size}.jpg`, size)
    expect((await stat(path)).size).toBe(size)
    const { result, rules } = await judge(path, null)
    expect(rules).toEqual(expected)
    if (expected.length > 0)
      expect(result.findings[0]).toMatchObject({
        platformError: '422',
        expected: '< 16777216',
        actual: size,
        message: expect.stringMatching(/less than 16\.8 MB/),
      })
    await rm(path)
  })

  it('uses the pre-4.2 size limit (10 MiB) for an older instance that publishes no configuration', async () => {
    const path = await padded(jpeg, 'image-10mib.jpg', 10_485_760)
    const rulesOn = async (version: string) => {
      const request: PreflightRequest = {
        media: [{ path }],
        targets: ['mastodon'],
        post: {},
        mastodonInstance: reporting(version, 'noconf'),
      }
      return (await preflight(request, options)).results[0]!.findings.map((f) => f.rule).sort()
    }
    expect(await rulesOn('4.1.0')).toEqual(['image.file_size', 'post.instance_limits'])
    expect(await rulesOn('4.2.0')).toEqual(['post.instance_limits'])
    await rm(path)
  })

  it.each([
    [103_809_023, []],
    [103_809_024, ['video.file_size:error']],
  ] as const)('a video of %i B → %j', async (size, expected) => {
    const clip = await ffmpeg('clip.mp4', [
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=64x64:r=30:d=0.5',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
    ])
    // A trailing `free` box covering the padding keeps the MP4 well formed.
    const freeBox = Buffer.alloc(8)
    freeBox.writeUInt32BE(size - (await stat(clip)).size, 0)
    freeBox.write('free', 4, 'latin1')
    const path = await padded(clip, `video-${size}.mp4`, size, freeBox)
    expect((await stat(path)).size).toBe(size)
    expect((await judge(path, null)).rules).toEqual(expected)
    await rm(path)
  })
})

describe('the content warning counts toward the 500 characters', () => {
  it.each([
    ['x'.repeat(480), 'y'.repeat(20), []],
    ['x'.repeat(480), 'y'.repeat(21), ['post.caption_length:error']],
    ['', 'y'.repeat(501), ['post.caption_length:error']],
    ['see https://example.com/a/very/long/path/that/counts/as/23', 'y'.repeat(473), []], // 4 + 23 for the text's URL + 473
    ['see https://example.com/a/very/long/path/that/counts/as/23', 'y'.repeat(474), ['post.caption_length:error']],
  ] as const)('caption %#', async (caption, spoilerText, expected) => {
    const { result, rules } = await judge(jpeg, null, { caption, spoilerText })
    expect(rules).toEqual(expected)
    if (expected.length > 0)
      expect(result.findings[0]?.message).toMatch(/^The content warning and the caption together are 501 characters/)
  })

  it('a URL in the content warning is counted as written', async () => {
    const spoilerText = `https://example.com/${'p'.repeat(480)}` // 500 characters
    expect((await judge(jpeg, null, { spoilerText })).rules).toEqual([])
    expect((await judge(jpeg, null, { spoilerText: `${spoilerText}!` })).rules).toEqual(['post.caption_length:error'])
  })

  it('is not counted on other targets', async () => {
    const report = await preflight(
      {
        media: [{ path: jpeg }],
        targets: ['threads'],
        post: { caption: 'x'.repeat(480), spoilerText: 'y'.repeat(100) },
      },
      options,
    )
    expect(report.results[0]?.findings.filter((f) => f.rule === 'post.caption_length')).toEqual([])
  })
})
