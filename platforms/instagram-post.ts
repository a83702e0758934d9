// Instagram's post rows (PLATFORM-RULES.md §1-§4), shared by the feed, carousel, Reels and Story targets.
import type { TargetRules } from '../src/rule-types.js'
import { IGERR, IGM, S_IG } from './sources.js'

/** Caption, hashtags, mentions and product tags: the same on every Instagram post that takes them. */
export const instagramPostRules = {
  'post.caption_length': {
    value: { max: 2_200, counting: 'code_points' },
    unit: 'characters',
    severity: 'error',
    platformError: '2207010',
    action: 'fix_input',
    source: [IGM, IGERR],
  },
  'post.hashtags': {
    value: { max: 30 },
    severity: 'error',
    platformError: '2207010',
    action: 'fix_input',
    source: [IGM],
  },
  'post.mentions': {
    value: { max: 20 },
    severity: 'error',
    platformError: '2207010',
    action: 'fix_input',
    source: [IGM],
  },
  'post.product_tags': {
    value: { max: 5 },
    severity: 'error',
    platformError: '2207040',
    action: 'fix_input',
    tiers: {
      duplicate: { platformError: '2207037' },
      out_of_range: { platformError: '2207037' },
      position_missing: { platformError: '2207036' },
      position_on_video: { platformError: '2207035' },
    },
    source: [IGM, IGERR, S_IG],
  },
} as const satisfies TargetRules

export const instagramAltText = {
  'post.alt_text_length': {
    value: { max: 1_000 },
    unit: 'characters',
    severity: 'error',
    platformError: null,
    action: 'fix_input',
    source: [IGM],
  },
} as const satisfies TargetRules

export const instagramThumbOffset = {
  'post.thumb_offset': {
    value: { insideVideo: true },
    unit: 'ms',
    severity: 'error',
    platformError: '2207057',
    action: 'fix_input',
    source: [IGM, IGERR],
  },
} as const satisfies TargetRules

/** A post field the surface takes none of: given, it is noted and not sent. */
const notSent = { value: { sent: false }, severity: 'info', platformError: null, action: null, source: [IGM] } as const

/** Stories take no caption, alt text, cover offset or product tags (§4). */
export const storyPostRules = {
  'post.caption_length': notSent,
  'post.alt_text_length': notSent,
  'post.thumb_offset': notSent,
  'post.product_tags': notSent,
} as const satisfies TargetRules

/** Reels take no alt text (§3). */
export const reelsAltText = { 'post.alt_text_length': notSent } as const satisfies TargetRules
