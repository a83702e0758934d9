// How far a download reads: one byte past the largest file any requested target takes, per kind it takes.
import { describe, expect, it } from 'vitest'
import { targets, type TargetName } from '../../platforms/targets.js'
import { readCapFor } from '../../src/pipeline/preflight.js'

const GIB = 1_073_741_824
const cap = (...names: TargetName[]) =>
  readCapFor(
    names.map((n) => targets[n]),
    GIB,
  )

describe('readCapFor', () => {
  it.each([
    [['instagram.feed'], 8_388_609], // images only: the video limit of other targets does not apply
    [['instagram.reels'], 314_572_801],
    [['instagram.stories'], 104_857_601],
    [['mastodon'], 103_809_025], // the larger of its image (16 MiB) and video (99 MiB) limits
    [['threads'], GIB + 1],
    [['instagram.feed', 'instagram.reels'], 314_572_801],
  ] as [TargetName[], number][])('%j → %i', (names, expected) => expect(cap(...names)).toBe(expected))
})
