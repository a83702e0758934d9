// Every check, by rule id and scope: a missing, unknown or mistyped entry is a compile error.
import type { Check, ItemRuleId, PostRuleId } from '../src/rule-types.js'
import { animated } from './image/animated.js'
import { aspectRatio } from './image/aspect-ratio.js'
import { colorSpace } from './image/color-space.js'
import { fileSize } from './image/file-size.js'
import { format } from './image/format.js'
import { pixels } from './image/pixels.js'
import { maxWidth, minWidth } from './image/width.js'
import { corrupt } from './media/corrupt.js'
import { kind } from './media/kind.js'
import { unknownType } from './media/unknown-type.js'

export const itemChecks: { readonly [R in ItemRuleId]: Check<R> } = {
  'media.unknown_type': unknownType,
  'media.corrupt': corrupt,
  'media.kind': kind,
  'image.format': format,
  'image.file_size': fileSize,
  'image.aspect_ratio': aspectRatio,
  'image.min_width': minWidth,
  'image.max_width': maxWidth,
  'image.pixels': pixels,
  'image.color_space': colorSpace,
  'image.animated': animated,
}

export const postChecks: { readonly [R in PostRuleId]: Check<R> } = {}
