// The target table: contract name → target definition, in the contract's order.
import type { TargetDef } from '../src/rule-types.js'
import {
  facebookReels,
  facebookStories,
  instagramCarousel,
  instagramFeed,
  instagramReels,
  instagramStories,
  mastodon,
  threads,
  tiktokPhoto,
  tiktokVideo,
} from './index.js'

export const targets = {
  'instagram.feed': instagramFeed,
  'instagram.carousel': instagramCarousel,
  'instagram.reels': instagramReels,
  'instagram.stories': instagramStories,
  threads,
  mastodon,
  'facebook.reels': facebookReels,
  'facebook.stories': facebookStories,
  'tiktok.video': tiktokVideo,
  'tiktok.photo': tiktokPhoto,
} as const satisfies Record<string, TargetDef>

export type TargetName = keyof typeof targets
export const TARGET_NAMES = Object.keys(targets) as TargetName[]

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name)
}
