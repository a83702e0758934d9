// The crop frames from the served target rules: the feed's 4:5–1.91:1 bounds, the Reels centre 9:16, the Stories fill, the 3:4 grid.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import { centreCrop, cropFrames, type TargetInfo } from '../../src/web/crop.js'

// As the page receives them: GET /v1/targets serves the target table as JSON.
const served = new Map(Object.entries(JSON.parse(JSON.stringify(targets)) as Record<string, TargetInfo>))
const boxes = (frames: ReturnType<typeof cropFrames>) =>
  Object.fromEntries(frames.map((f) => [f.targets.join('+'), [f.x, f.y, f.w, f.h]]))

describe('crop frames', () => {
  it('shows the centre 4:5 of a tall picture on the feed and the centre 3:4 on the grid', () => {
    const frames = cropFrames('image', 1080, 1920, ['instagram.feed'], served)
    expect(boxes(frames)).toEqual({ 'instagram.feed': [0, 285, 1080, 1350], 'instagram.grid': [0, 240, 1080, 1440] })
    expect(frames[0]!.sentence).toBe('Instagram feed shows the centre 4:5 (1080x1350) of this 1080x1920 image.')
  })

  it('cuts a wide picture to 1.91:1, from the rule data', () => {
    expect(centreCrop(2000, 1000, { w: 4, h: 5 }, { w: 191, h: 100 })).toEqual({ x: 45, y: 0, w: 1910, h: 1000 })
    const feed = cropFrames('image', 2000, 1000, ['instagram.feed'], served)[0]!
    expect(feed.sentence).toBe('Instagram feed shows the centre 1.91:1 (1910x1000) of this 2000x1000 image.')
  })

  it('keeps a picture inside the bounds whole, and fits it in the Story frame with a fill', () => {
    const frames = cropFrames(
      'image',
      1080,
      1350,
      ['instagram.feed', 'instagram.carousel', 'instagram.stories', 'threads', 'mastodon'],
      served,
    )
    // The feed and the carousel show the same: one frame, both names; Threads and Mastodon show the whole picture: no frame.
    expect(boxes(frames)).toEqual({
      'instagram.feed+instagram.carousel': [0, 0, 1080, 1350],
      'instagram.stories': [0, -285, 1080, 1920],
      'instagram.grid': [34, 0, 1012, 1350],
    })
    expect(frames[0]!.label).toBe('Instagram feed and Instagram carousel')
    expect(frames[0]!.sentence).toBe(
      'Instagram feed and Instagram carousel show all of this 1080x1350 image (it is between 4:5 and 1.91:1).',
    )
    expect(frames[1]).toMatchObject({ kind: 'fill', safe: { top: 0.14, bottom: 0.14 } })
    expect(frames[1]!.sentence).toMatch(
      /in a 9:16 frame \(1080x1920\) with a background fill above and below; keep text out of the top and bottom 14\u00a0%\.$/,
    )
  })

  it('draws Reels only for a video, as its centre 9:16 with the UI zones', () => {
    expect(cropFrames('image', 1080, 1920, ['instagram.reels'], served)).toEqual([])
    const [reels, grid] = cropFrames('video', 1920, 1080, ['instagram.reels'], served)
    expect(reels).toMatchObject({
      targets: ['instagram.reels'],
      kind: 'crop',
      x: 656,
      y: 0,
      w: 607,
      h: 1080,
      safe: { top: 0.14, bottom: 0.35 },
    })
    expect(grid).toMatchObject({ targets: ['instagram.grid'], x: 555, y: 0, w: 810, h: 1080 })
  })

  it('draws nothing without a size or for targets that crop nothing', () => {
    expect(cropFrames('image', 0, 0, ['instagram.feed'], served)).toEqual([])
    expect(cropFrames('image', 4000, 1000, ['threads', 'mastodon'], served)).toEqual([])
  })
})
