// The rule catalogue: every rule id with its scope, limit value, finding arguments and tiers.
import type { AudioRules } from './audio.js'
import type { FetchRules } from './fetch.js'
import type { ImageRules } from './image.js'
import type { MediaRules } from './media.js'
import type { PostRules } from './post.js'
import type { VideoRules } from './video.js'

export type { FormatPolicy, GifBox, Outcome, SizeBand } from './image.js'
export type { Counting, InstanceFailure, NotSent, ProductTagProblem, TextBounds, TextProblem } from './post.js'
export type { Box, Passthrough } from './video.js'

/**
 * `scope`: `item` rules are checked per media item, `post` rules once per post, `stage` rules are
 * found by a pipeline stage (fetching) rather than by a check.
 */
export interface Rules extends MediaRules, ImageRules, VideoRules, AudioRules, PostRules, FetchRules {}
