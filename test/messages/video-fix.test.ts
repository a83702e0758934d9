// The composed video fix: what it contains (pure), and that running the CLI's command with ffmpeg yields a passing file.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { targets, type TargetName } from '../../platforms/targets.js'
import { check } from '../../src/cli/check.js'
import { loadConfig } from '../../src/config.js'
import type { MediaFacts } from '../../src/facts.js'
import { evaluate } from '../../src/pipeline/evaluate.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { videoFixCommand } from '../../src/messages/video-fix.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { videoMedia } from '../helpers/facts.js'

// Below the test's own timeout, so a stuck ffmpeg is killed rather than left running.
const FFMPEG_TIMEOUT_MS = 25_000

function commandFor(media: MediaFacts, target: TargetName): string | null {
  const { findings } = evaluate(targets[target], [{ media, findings: [] }], {})
  return videoFixCommand(
    media,
    findings.map((f) => ({ ...f, item: 0 })),
    targets[target].rules,
  )
}

describe('videoFixCommand', () => {
  it('gives nothing for a conforming video', () => expect(commandFor(videoMedia(), 'instagram.reels')).toBeNull())

  it('only remuxes when the box layout alone fails', () => {
    expect(commandFor(videoMedia({ moovAtFront: false }), 'instagram.reels')).toBe(
      'ffmpeg -i in.mp4 -c:v copy -c:a copy -use_editlist 0 -movflags +faststart out.mp4',
    )
  })

  it('cures every failing rule in one command', () => {
    const media = videoMedia(
      { container: 'webm', durationS: 400 },
      { codec: 'vp9', fps: 10, interlaced: true, fieldOrder: 'tt' },
      { codec: 'opus', sampleRate: 96_000, channels: 6 },
    )
    expect(commandFor(media, 'threads')).toBe(
      'ffmpeg -i in.webm -c:v libx264 -profile:v high -pix_fmt yuv420p -vf yadif,fps=30 -crf 20 -maxrate 25M -bufsize 50M ' +
        '-c:a aac -b:a 128k -ar 48000 -ac 2 -t 299 -use_editlist 0 -movflags +faststart out.mp4',
    )
  })

  it('scales a rotated video by its displayed size, keeping it upright', () => {
    const media = videoMedia({ width: 2160, height: 3840, codedWidth: 3840, codedHeight: 2160, rotation: 90 })
    expect(commandFor(media, 'instagram.reels')).toContain('-vf scale=1920:3412 ')
  })

  it("scales under Mastodon's pixel limit and pads a too-wide carousel video", () => {
    const [w, h] = /scale=(\d+):(\d+)/
      .exec(commandFor(videoMedia({ width: 4096, height: 2160 }), 'mastodon') ?? '')!
      .slice(1)
      .map(Number) as [number, number]
    expect(w * h).toBeLessThanOrEqual(8_294_400)
    expect(commandFor(videoMedia({ width: 320, height: 160 }), 'instagram.carousel')).toContain(
      "-vf 'pad=320:180:(ow-iw)/2:(oh-ih)/2'",
    )
  })

  it("fits X's box either way round, squares the pixels, and trims to the band it broke", () => {
    expect(commandFor(videoMedia({ width: 1922, height: 1200 }), 'x')).toContain('-vf scale=1280:798 ')
    expect(commandFor(videoMedia({ width: 1200, height: 1922 }), 'x')).toContain('-vf scale=798:1280 ')
    // 640x640 stored with 2:1 pixels shows 1280x640: stretched first, then it fits the box as it is.
    const wide = videoMedia({ width: 640, height: 640 }, { sampleAspect: { num: 2, den: 1 } })
    expect(commandFor(wide, 'x')).toContain("-vf 'scale=iw*sar:ih,setsar=1' ")
    // 1080x1920 with 2:1 pixels shows 2160x1920: stretched, then scaled into 1280x1024 keeping that shape.
    const tall = videoMedia({}, { sampleAspect: { num: 2, den: 1 } })
    expect(commandFor(tall, 'x')).toContain("-vf 'scale=iw*sar:ih,setsar=1,scale=1152:1024' ")
    expect(commandFor(videoMedia({ durationS: 300 }), 'x')).toContain(' -t 139 ') // over 140 s: a warning
    expect(commandFor(videoMedia({ durationS: 1300 }), 'x')).toContain(' -t 1199 ')
  })

  it('leaves the frame-count warning to the re-encode and never trims for it', () => {
    const media = videoMedia({ container: 'webm', durationS: 1300 }, { codec: 'vp9' })
    expect(commandFor(media, 'mastodon')).not.toContain(' -t ')
  })
})

/** Splits a command printed with single-quoted words back into argv. */
function words(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!,
  )
}

function run(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      argv[0]!,
      ['-hide_banner', '-loglevel', 'error', ...argv.slice(1)],
      { timeout: FFMPEG_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, _out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
    )
  })
}

/** What `preflight check` prints for one file. */
async function printed(path: string, target: TargetName): Promise<string> {
  let text = ''
  const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream
  await check([path, '--targets', target], loadConfig({ ...process.env }), out)
  return text
}

describe('running the printed fix with ffmpeg', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'preflight-fix-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['video-vp9.webm', 'instagram.reels'],
    ['video-interlaced.mp4', 'threads'],
    ['video-audio-5.1.mp4', 'instagram.reels'],
    ['video-audio-96khz.mp4', 'threads'],
    ['video-over-bitrate.mp4', 'instagram.reels'],
    ['video-10fps.mp4', 'instagram.stories'],
    ['video-yuv444p.mp4', 'instagram.reels'],
    ['video-hdr-pq.mp4', 'instagram.reels'],
    ['video-full-range.mp4', 'threads'],
    ['video-moov-at-end.mp4', 'instagram.reels'],
    ['video-edit-list-gap.mp4', 'instagram.reels'],
    ['video-long-301s.mp4', 'threads'],
    ['video-144fps.mp4', 'mastodon'],
    ['video-wide-320x160.mp4', 'instagram.carousel'],
  ] as const)('%s on %s', async (name, target) => {
    const text = await printed(samplePath(name), target)
    const lines = text.split('\n').filter((l) => l.trim().startsWith('fix [0]: '))
    expect(lines).toHaveLength(1) // printed once, however many findings it cures
    const output = join(dir, `${name}.${target}.mp4`)
    // The command names the file as given and its fixed copy beside it; the copy goes to the test's folder instead.
    const fixedCopy = samplePath(`${name.replace(/\.\w+$/, '')}.fixed.mp4`)
    const argv = words(lines[0]!.trim().slice('fix [0]: '.length))
    expect(argv.slice(0, 3)).toEqual(['ffmpeg', '-i', samplePath(name)])
    expect(argv.at(-1)).toBe(fixedCopy)
    argv[argv.length - 1] = output
    await run(argv)
    const report = await preflight({ media: [{ path: output }], targets: [target] }, testOptions())
    // A one-item carousel's size is not the video's to fix.
    const left = report.results[0]!.findings.filter((f) => f.severity !== 'info' && f.rule !== 'post.carousel_size')
    expect(left.map((f) => f.rule)).toEqual([])
  })
})
