// The target table: contract name → target definition, in the contract's order.
import type { TargetDef } from '../src/rule-types.js'
import {
  bluesky,
  facebookReels,
  facebookStories,
  instagramCarousel,
  instagramFeed,
  instagramReels,
  instagramStories,
  mastodon,
  pinterest,
  threads,
  tiktokPhoto,
  tiktokVideo,
  x,
  youtubeShorts,
  youtubeVideo,
} from './index.js'
import { networkNames } from './networks.js'

/** A target as listed: its definition and its network's friendly name (the page groups targets under it). */
const listed = <T extends TargetDef>(def: T) => ({ ...def, network: networkNames[def.platform] })

export const targets = {
  'instagram.feed': listed(instagramFeed),
  'instagram.carousel': listed(instagramCarousel),
  'instagram.reels': listed(instagramReels),
  'instagram.stories': listed(instagramStories),
  threads: listed(threads),
  mastodon: listed(mastodon),
  'facebook.reels': listed(facebookReels),
  'facebook.stories': listed(facebookStories),
  x: listed(x),
  'tiktok.video': listed(tiktokVideo),
  'tiktok.photo': listed(tiktokPhoto),
  'youtube.video': listed(youtubeVideo),
  'youtube.shorts': listed(youtubeShorts),
  pinterest: listed(pinterest),
  bluesky: listed(bluesky),
} as const satisfies Record<string, TargetDef & { network: string }>

export type TargetName = keyof typeof targets
export const TARGET_NAMES = Object.keys(targets) as TargetName[]

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name)
}
