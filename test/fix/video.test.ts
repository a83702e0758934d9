// Fixing videos (and animations into videos) on real samples: each rule fixing claims to cure fails before, and
// the output passes a fresh preflight.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { fixJob, fixOptions, problems } from '../helpers/fix.js'
import { samplePath } from '../helpers/samples.js'

const options = fixOptions()

const cases: { sample: string; targets: TargetName[]; fails: string }[] = [
  { sample: 'video-vp9.webm', targets: ['instagram.reels', 'mastodon'], fails: 'video.container:error' },
  { sample: 'video-vp9.webm', targets: ['instagram.reels'], fails: 'audio.codec:error' },
  { sample: 'video-hevc-hlg.mov', targets: ['mastodon'], fails: 'video.codec:warning' },
  { sample: 'video-hdr-pq.mp4', targets: ['instagram.reels'], fails: 'video.color:warning' },
  { sample: 'video-full-range.mp4', targets: ['instagram.reels'], fails: 'video.color:warning' },
  { sample: 'video-10bit.mp4', targets: ['instagram.reels'], fails: 'video.profile:warning' },
  { sample: 'video-yuv444p.mp4', targets: ['instagram.reels'], fails: 'video.chroma_subsampling:error' },
  { sample: 'video-interlaced.mp4', targets: ['instagram.reels'], fails: 'video.interlaced:error' },
  { sample: 'video-144fps.mp4', targets: ['instagram.reels', 'mastodon'], fails: 'video.frame_rate:error' },
  { sample: 'video-10fps.mp4', targets: ['instagram.reels'], fails: 'video.frame_rate:error' },
  { sample: 'video-4096x2160.mp4', targets: ['instagram.reels', 'mastodon'], fails: 'video.width_max:error' },
  { sample: 'video-over-bitrate.mp4', targets: ['instagram.reels'], fails: 'video.bitrate:error' },
  { sample: 'video-short-1s.mp4', targets: ['instagram.reels'], fails: 'video.duration_min:error' },
  { sample: 'video-moov-at-end.mp4', targets: ['instagram.reels'], fails: 'video.moov_position:error' },
  { sample: 'video-edit-list-gap.mp4', targets: ['instagram.reels'], fails: 'video.edit_list:error' },
  { sample: 'video-audio-96khz.mp4', targets: ['instagram.reels'], fails: 'audio.sample_rate:error' },
  { sample: 'video-audio-5.1.mp4', targets: ['instagram.reels'], fails: 'audio.channels:error' },
  { sample: 'video-audio-160kbps.mp4', targets: ['instagram.reels'], fails: 'audio.bitrate:warning' },
  { sample: 'video-mp3-audio.mp4', targets: ['instagram.reels'], fails: 'audio.codec:error' },
  { sample: 'animated-320x400.gif', targets: ['instagram.reels'], fails: 'media.kind:error' },
  { sample: 'animated-320x400.webp', targets: ['instagram.reels'], fails: 'media.kind:error' },
  { sample: 'animated-320x400.png', targets: ['instagram.stories'], fails: 'image.animated:warning' },
]

describe('fixing videos', () => {
  it.each(cases)('$sample on $targets: $fails is cured', async ({ sample, targets, fails }) => {
    await using run = await fixJob([{ path: samplePath(sample) }], targets, { options })
    const { before, after, outputs } = run.result
    expect(targets.flatMap((t) => problems(before, t))).toContain(fails)
    if (sample === 'video-4096x2160.mp4') expect(problems(before, 'mastodon')).toContain('video.pixels:error')
    for (const t of targets) expect(problems(after, t)).toEqual([])
    expect(outputs).toHaveLength(1)
    expect(outputs[0]).toMatchObject({ mime: 'video/mp4', targets })
    expect(outputs[0]!.commands.join('; ')).toMatch(/(^|; )ffmpeg /)
    const fresh = await preflight({ media: [{ path: join(run.workDir, outputs[0]!.file) }], targets }, options)
    for (const t of targets) expect(problems(fresh, t)).toEqual([])
    // Progress only grows, and ends complete.
    const done = run.progress.map(([d]) => d)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(run.progress.at(-1)).toEqual([1000, 1000])
  })

  it('keeps an animation for the target that takes it and makes a video for the one that does not', async () => {
    await using run = await fixJob([{ path: samplePath('animated-320x400.gif') }], ['instagram.reels', 'mastodon'], {
      options,
    })
    const { after, outputs } = run.result
    expect(outputs.map((o) => [o.targets, o.mime])).toEqual([
      [['instagram.reels'], 'video/mp4'],
      [['mastodon'], 'image/gif'],
    ])
    expect(outputs[1]!.commands).toEqual([])
    expect(after.ok).toBe(true)
  })
})
