// Exact edges of the checks added for Facebook and TikTok, on facts: where a real file cannot hit the edge exactly.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import { audioBitrate, sampleRate } from '../../validators/audio/audio.js'
import { titleLength } from '../../validators/post/caption.js'
import { countCaption } from '../../validators/post/text.js'
import { frameRateMode } from '../../validators/video/timing.js'
import { item, videoMedia } from '../helpers/facts.js'

const reels = targets['facebook.reels'].rules

describe('video.frame_rate_mode on Facebook (base and average rate more than 1 % apart)', () => {
  it.each([
    { realFps: 30, fps: 29.7, found: false }, // exactly 1 %
    { realFps: 30, fps: 29.69, found: true },
    { realFps: 30, fps: 30.3, found: false },
    { realFps: 30, fps: 30.31, found: true },
  ])('$realFps vs $fps: $found', ({ realFps, fps, found }) => {
    const facts = item(videoMedia({}, { realFps, fps }))
    expect(frameRateMode(facts, reels['video.frame_rate_mode']).length > 0).toBe(found)
  })
})

describe('audio on Facebook: 128 kbps or more and 48 kHz are notes, not failures', () => {
  it.each([
    { bitrate: 128_000, found: false },
    { bitrate: 127_999, found: true },
  ])('$bitrate bit/s: $found', ({ bitrate, found }) => {
    expect(audioBitrate(item(videoMedia({}, {}, { bitrate })), reels['audio.bitrate']).length > 0).toBe(found)
  })
  it.each([
    { rate: 48_000, found: false },
    { rate: 44_100, found: true },
    { rate: 96_000, found: true },
  ])('$rate Hz: $found', ({ rate, found }) => {
    expect(sampleRate(item(videoMedia({}, {}, { sampleRate: rate })), reels['audio.sample_rate']).length > 0).toBe(
      found,
    )
  })
})

describe('TikTok counts text in UTF-16 code units', () => {
  it.each([
    ['abc', 3],
    ['\u{1F600}', 2], // outside the Basic Multilingual Plane: a surrogate pair
    ['é', 1],
    ['e\u0301', 2], // a combining accent is a unit of its own
    ['\u{1F469}\u200D\u{1F4BB}', 5], // a ZWJ sequence: 2 + 1 + 2
  ])('%j is %i units', (text, units) => {
    expect(countCaption(text, 'utf16')).toBe(units)
  })

  it('judges the title field, not the caption', () => {
    const limit = targets['tiktok.photo'].rules['post.title_length']
    expect(titleLength({ items: [], post: { caption: 'x'.repeat(500) } }, limit)).toEqual([])
    expect(titleLength({ items: [], post: { title: 'x'.repeat(91) } }, limit)).toEqual([
      { rule: 'post.title_length', args: { length: 91 } },
    ])
  })
})
