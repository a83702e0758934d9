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
  'tiktok.video': listed(tiktokVideo),
  'tiktok.photo': listed(tiktokPhoto),
} as const satisfies Record<string, TargetDef & { network: string }>

export type TargetName = keyof typeof targets
export const TARGET_NAMES = Object.keys(targets) as TargetName[]

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name)
}
