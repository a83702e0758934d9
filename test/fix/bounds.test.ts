// What fixing must not do silently, and the limits it meets: trimming only when allowed, a URL the crawler cannot
// fetch stays failing, file-size limits met by quality search and capped rates, cancel stops ffmpeg.
import { readMediaUrl } from '../../src/fetch/http-url.js'
import { execFileSync } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { runFixJob } from '../../src/fix/job.js'
import { DiskBudget } from '../../src/services/disk-budget.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { fixJob, fixOptions, problems } from '../helpers/fix.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'

const options = fixOptions()
const ffmpeg = loadConfig().FFMPEG_PATH!

let scratch: string
let server: TestServer
// Noise does not compress: a short, small video far over the instance's size limit.
let big: string
// A Mastodon instance with tiny size limits, and one photo the crawler may fetch and one it may not.
const INSTANCE = {
  version: '4.3.1',
  configuration: { media_attachments: { image_size_limit: 60_000, video_size_limit: 150_000 } },
}
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'preflight-fix-bounds-'))
  big = join(scratch, 'big.mp4')
  // prettier-ignore
  execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30:d=1.5,noise=alls=40:allf=t',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '14', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', big])
  server = await startServer((req, res) => {
    if (req.url === '/api/v2/instance') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(INSTANCE))
    } else if (req.url === '/exif6.jpg') {
      void readFile(samplePath('phone-portrait-exif6.jpg')).then((body) =>
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body),
      )
    } else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
  })
})
afterAll(async () => {
  await server.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('trimming', () => {
  it('leaves a too-long video failing, with the reason, unless allowTrim', async () => {
    const media = [{ path: samplePath('video-long-61s.mp4') }]
    {
      await using run = await fixJob(media, ['instagram.stories'], { options })
      const { after, remaining } = run.result
      expect(problems(after, 'instagram.stories')).toEqual(['video.duration_max:error'])
      expect(remaining).toEqual([
        expect.objectContaining({ item: 0, target: 'instagram.stories', reason: 'trim_not_allowed' }),
      ])
      const finding = after.results[0]!.findings.find((f) => f.rule === 'video.duration_max')
      expect(finding?.note).toMatch(/Not fixed: .*cut content \(allowTrim is off\)/)
    }
    await using run = await fixJob(media, ['instagram.stories'], { options, allowTrim: true })
    expect(problems(run.result.after, 'instagram.stories')).toEqual([])
    expect(run.result.after.items[0]!.media!.durationS).toBeLessThanOrEqual(60)
    expect(run.result.remaining).toEqual([])
  })
})

describe('URLs', () => {
  it('says that a URL the crawler cannot fetch is not fixed, and makes nothing', async () => {
    await using run = await fixJob([{ url: readMediaUrl(server.url('/gone.jpg')) }], ['instagram.feed'], { options })
    const { after, outputs, remaining } = run.result
    expect(outputs).toEqual([])
    expect(remaining).toEqual([expect.objectContaining({ reason: 'fetch', target: 'instagram.feed' })])
    const fetchError = after.results[0]!.findings.find((f) => f.rule === 'fetch.status')
    expect(fetchError?.note).toMatch(/Not fixed: The URL cannot be fetched/)
    expect(after.ok).toBe(false)
  })

  it('fixes the bytes of a URL it can fetch, and keeps the URL`s fetch findings in after', async () => {
    await using run = await fixJob([{ url: readMediaUrl(server.url('/exif6.jpg')) }], ['instagram.feed'], { options })
    const { before, after, outputs } = run.result
    expect(problems(before, 'instagram.feed')).toContain('image.aspect_ratio:error')
    expect(outputs).toHaveLength(1)
    expect(problems(after, 'instagram.feed').filter((p) => !p.startsWith('fetch.'))).toEqual([])
    const fetchRules = (r: typeof before) =>
      r.results[0]!.findings.filter((f) => f.rule.startsWith('fetch.')).map((f) => f.rule)
    expect(fetchRules(after)).toEqual(fetchRules(before))
    // The download kept for fixing is removed with the job's folder, not left beside the outputs' names.
    expect((await readdir(run.workDir)).sort()).toEqual(['exif6.fixed.jpg', 'source-0'])
  })
})

describe('what cannot be fixed', () => {
  it('says a corrupt file is corrupt, and a target that does not take the kind, and makes nothing for them', async () => {
    await using run = await fixJob(
      [{ path: samplePath('truncated-1080x1350.jpg') }],
      ['instagram.feed', 'instagram.reels'],
      { options },
    )
    const { outputs, remaining, after } = run.result
    expect(outputs).toEqual([])
    expect(remaining?.map((r) => [r.target, r.reason])).toEqual([
      ['instagram.feed', 'corrupt'],
      ['instagram.reels', 'corrupt'],
    ])
    expect(after.results[0]!.findings.find((f) => f.rule === 'media.corrupt')?.note).toMatch(
      /Not fixed: The file is corrupt/,
    )
  })

  it('says a target that does not take a still image is not fixed', async () => {
    await using run = await fixJob(
      [{ path: samplePath('feed-ok-1080x1350.jpg') }],
      ['instagram.feed', 'instagram.reels'],
      {
        options,
      },
    )
    const { outputs, remaining } = run.result
    expect(outputs.map((o) => [o.targets, o.commands])).toEqual([[['instagram.feed'], []]])
    expect(remaining?.map((r) => [r.target, r.reason])).toEqual([['instagram.reels', 'kind']])
  })
})

describe('file-size limits', () => {
  it('meets an image size limit by a quality search (and a smaller frame when that is not enough)', async () => {
    const noise = join(scratch, 'noise.jpg')
    const data = Buffer.alloc(700 * 875 * 3)
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24
    await sharp(data, { raw: { width: 700, height: 875, channels: 3 } })
      .jpeg({ quality: 95 })
      .toFile(noise)
    const request = { media: [{ path: noise }], targets: ['mastodon' as const], mastodonInstance: server.url('') }
    await using run = await fixJob(request.media, request.targets, { options, request })
    expect(problems(run.result.before, 'mastodon')).toContain('image.file_size:error')
    expect(problems(run.result.after, 'mastodon')).toEqual([])
    expect(run.result.outputs[0]!.bytes).toBeLessThan(60_000)
    expect(run.result.outputs[0]!.commands[0]).toMatch(/jpeg\(\{ quality: \d+, mozjpeg: true \}\)/)
  })

  it('meets a video size limit with a capped rate', async () => {
    expect((await stat(big)).size).toBeGreaterThan(150_000)
    const request = { media: [{ path: big }], targets: ['mastodon' as const], mastodonInstance: server.url('') }
    await using run = await fixJob(request.media, request.targets, { options, request })
    expect(problems(run.result.before, 'mastodon')).toContain('video.file_size:error')
    expect(problems(run.result.after, 'mastodon')).toEqual([])
    expect(run.result.outputs[0]!.commands.join(' ')).toMatch(/-maxrate \d+ -bufsize \d+/)
  })
})

describe('cancel', () => {
  it('stops ffmpeg and removes what the job wrote', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'preflight-fix-cancel-'))
    const controller = new AbortController()
    const slow = { ...options, ffmpeg: { ...options.ffmpeg!, preset: 'slow' } }
    let calls = 0
    const running: string[] = []
    const job = runFixJob(
      {
        request: { media: [{ path: samplePath('video-4096x2160.mp4') }], targets: ['instagram.reels'] },
        strategy: 'pad',
        allowTrim: false,
      },
      // After the checks' share (the first call at 100), every call is ffmpeg's own progress: it is running then.
      {
        signal: controller.signal,
        workDir,
        progress: (done) => {
          if (done >= 100 && ++calls === 2) {
            running.push(...ffmpegsWriting(workDir))
            controller.abort(new Error('cancelled'))
          }
        },
      },
      slow,
    )
    await expect(job).rejects.toThrow('cancelled')
    expect(running).toEqual([expect.stringMatching(/ffmpeg .*-preset slow/)])
    expect(await readdir(workDir)).toEqual([])
    expect(ffmpegsWriting(workDir)).toEqual([])
    await rm(workDir, { recursive: true, force: true })
  })
})

/** Processes whose command line names the folder: an ffmpeg still writing there. */
function ffmpegsWriting(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  return out.split('\n').filter((line) => line.includes(dir))
}

it('a fresh preflight agrees with after', async () => {
  await using run = await fixJob([{ path: samplePath('wide-2000x1000.jpg') }], ['instagram.feed', 'threads'], {
    options,
  })
  const file = join(run.workDir, run.result.outputs[0]!.file)
  const fresh = await preflight({ media: [{ path: file }], targets: ['instagram.feed', 'threads'] }, options)
  expect(fresh.results.map((r) => r.verdict)).toEqual(run.result.after.results.map((r) => r.verdict))
})

describe('disk budget', () => {
  it('refuses to write an output past the service temp-disk budget, and leaves nothing behind', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'preflight-fix-budget-'))
    const tight = fixOptions({ diskBudget: new DiskBudget(1000) })
    const job = runFixJob(
      {
        request: { media: [{ path: samplePath('wide-2000x1000.jpg') }], targets: ['instagram.feed'] },
        strategy: 'crop',
        allowTrim: false,
      },
      { signal: new AbortController().signal, workDir, progress: () => undefined },
      tight,
    )
    await expect(job).rejects.toThrow(/temporary disk space/)
    expect(await readdir(workDir)).toEqual([])
    expect(tight.diskBudget!.used).toBe(0)
    await rm(workDir, { recursive: true, force: true })
  })
})
