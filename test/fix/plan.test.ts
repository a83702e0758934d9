// The pure parts of fixing: the frame's geometry held to the rules' own integer inequalities, the needs read from
// the targets' rules, grouping, and the capped rate that keeps a file under its size limit.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import { fitFrame } from '../../src/fix/frame.js'
import { imageNeeds, videoNeeds } from '../../src/fix/needs.js'
import { videoRate } from '../../src/fix/rate.js'
import { shellWords } from '../../bench/fix.js'
import { commandLine } from '../../src/fix/video-args.js'
import { videoMedia } from '../helpers/facts.js'

const narrower = (w: number, h: number, r: { w: number; h: number }) => r.h * w < r.w * h
const wider = (w: number, h: number, r: { w: number; h: number }) => r.h * w > r.w * h

describe('fitFrame', () => {
  const feed = { ratio: { min: { w: 4, h: 5 }, max: { w: 191, h: 100 } }, maxWidth: 1440, minWidth: 320 }
  it.each([
    [900, 1600],
    [2000, 1000],
    [4000, 3000],
    [1001, 1999],
    [200, 250],
    [7, 4000],
  ])('%ix%i: inside the feed ratio and widths, by pad and by crop', (width, height) => {
    for (const strategy of ['pad', 'crop'] as const) {
      const frame = fitFrame({ width, height }, feed, strategy)
      expect(narrower(frame.width, frame.height, feed.ratio.min)).toBe(false)
      expect(wider(frame.width, frame.height, feed.ratio.max)).toBe(false)
      expect(frame.width).toBeLessThanOrEqual(1440)
      // Padding keeps the whole picture inside the frame; cropping covers the frame with it.
      if (strategy === 'pad')
        expect(frame.content.width <= frame.width && frame.content.height <= frame.height).toBe(true)
      else expect(frame.content.width >= frame.width && frame.content.height >= frame.height).toBe(true)
    }
  })

  it('scales a small video up to the minimum width and height, within the longest side', () => {
    const limits = { ratio: {}, minWidth: 540, minHeight: 960, maxSide: 4096, even: true }
    expect(fitFrame({ width: 144, height: 256 }, limits, 'pad')).toMatchObject({ width: 540, height: 960 })
    const wide = fitFrame({ width: 8000, height: 1000 }, limits, 'pad')
    expect(wide.width).toBeLessThanOrEqual(4096)
  })

  it('keeps video frames even and within the pixel limit', () => {
    const frame = fitFrame(
      { width: 4096, height: 2160 },
      { ratio: {}, maxPixels: 8_294_400, maxWidth: 1920, even: true },
      'pad',
    )
    expect([frame.width % 2, frame.height % 2]).toEqual([0, 0])
    expect(frame.width).toBeLessThanOrEqual(1920)
    expect(frame.width * frame.height).toBeLessThanOrEqual(8_294_400)
  })
})

describe('needs from the rules', () => {
  it('takes the narrowest limits of a group of targets', () => {
    const needs = imageNeeds([targets['instagram.feed'].rules, targets.threads.rules, targets.mastodon.rules])
    expect(needs.formats).toEqual(['jpeg'])
    expect(needs.ratio).toEqual({ min: { w: 4, h: 5 }, max: { w: 191, h: 100 } })
    // Below Meta's decimal "8 MB" (the near-limit warning) and Mastodon's 16 MiB.
    expect(needs.maxBytes.jpeg).toBe(8_000_000)
    const video = videoNeeds([targets['instagram.stories'].rules, targets.mastodon.rules])
    expect(video).toMatchObject({ maxDurationS: 60, maxWidth: 1920, maxPixels: 8_294_400, fps: { min: 23, max: 60 } })
  })

  it('reads widths judged on the long or short side, and each format’s own size band', () => {
    expect(imageNeeds([targets['tiktok.photo'].rules])).toMatchObject({ maxSide: 1920, maxShort: 1080, minShort: 360 })
    const bluesky = imageNeeds([targets.bluesky.rules])
    expect(bluesky).toMatchObject({ maxSide: 4000, maxBytes: { jpeg: 1_000_000 } })
    expect(bluesky.maxWidth).toBeUndefined()
    // X's GIF band (15 MB) is not the still formats' (5 MB); Facebook's lower PNG band applies to PNG alone.
    expect(imageNeeds([targets.x.rules]).maxBytes).toEqual({ jpeg: 5_000_000, png: 5_000_000, webp: 5_000_000 })
    const facebook = imageNeeds([targets['facebook.stories'].rules]).maxBytes
    expect(facebook.png).toBeLessThan(facebook.jpeg!)
  })

  it('reads X’s box either way round, and the account’s own maxima', () => {
    expect(videoNeeds([targets.x.rules])).toMatchObject({ maxSide: 1280, maxShort: 1024, maxDurationS: 140 })
    expect(videoNeeds([targets.x.rules], { xPremium: true })).toMatchObject({
      maxDurationS: 7_500,
      maxBytes: 536_870_912,
    })
    expect(videoNeeds([targets['tiktok.video'].rules]).maxDurationS).toBe(180)
    expect(videoNeeds([targets['tiktok.video'].rules], { tiktokMaxDurationS: 60 }).maxDurationS).toBe(60)
    // The creator's maximum never lifts TikTok's own 10 minutes.
    expect(videoNeeds([targets['tiktok.video'].rules], { tiktokMaxDurationS: 900 }).maxDurationS).toBe(600)
    const x = videoNeeds([targets.x.rules])
    for (const [width, height] of [
      [1920, 1080],
      [1080, 1920],
    ]) {
      const frame = fitFrame({ width: width!, height: height! }, { ...x, even: true }, 'pad')
      expect(Math.max(frame.width, frame.height)).toBeLessThanOrEqual(1280)
      expect(Math.min(frame.width, frame.height)).toBeLessThanOrEqual(1024)
    }
  })

  it('leaves out a size bound no encode comes near (its VBV buffer would overflow x264)', () => {
    const { rate } = videoRate(videoMedia(), videoNeeds([targets.x.rules]), 1, true)
    expect(rate.maxrate).toBeUndefined()
  })

  it('caps the rate so that the whole file fits the size limit', () => {
    const media = videoMedia()
    const needs = { ...videoNeeds([targets.mastodon.rules]), maxBytes: 1_000_000 }
    const { rate, audio } = videoRate(media, needs, 10, true)
    expect(rate.sizeBound).toBe(true)
    const audioBps = audio.kind === 'aac' ? audio.bitrate : (media.audio?.bitrate ?? 128_000)
    // (duration + buffer) × maxrate + the audio stays under the limit.
    expect(((10 + 2) * rate.maxrate! + 10 * (audio.kind === 'none' ? 0 : audioBps)) / 8).toBeLessThan(1_000_000)
  })
})

describe('commands', () => {
  it('reads back the words of a command as a shell would', () => {
    const args = ['-i', "it's a clip.mp4", '-filter_complex', '[0:v:0]scale=2:2,setsar=1[v]', 'out.mp4']
    expect(shellWords(commandLine(args))).toEqual(['ffmpeg', ...args])
  })
})
