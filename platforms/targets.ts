// The target table: contract name → target definition, in the contract's order.
import type { TargetDef } from '../src/rule-types.js'
import {
  bluesky,
  instagramCarousel,
  instagramFeed,
  instagramReels,
  instagramStories,
  mastodon,
  pinterest,
  threads,
  x,
  youtubeShorts,
  youtubeVideo,
} from './index.js'

export const targets = {
  'instagram.feed': instagramFeed,
  'instagram.carousel': instagramCarousel,
  'instagram.reels': instagramReels,
  'instagram.stories': instagramStories,
  threads,
  mastodon,
  x,
  'youtube.video': youtubeVideo,
  'youtube.shorts': youtubeShorts,
  pinterest,
  bluesky,
} as const satisfies Record<string, TargetDef>

export type TargetName = keyof typeof targets
export const TARGET_NAMES = Object.keys(targets) as TargetName[]

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name)
}
