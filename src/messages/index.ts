// All wording, keyed by rule id: tsc reports a rule without an entry.
import type { RuleId } from '../rule-types.js'
import { audioMessages } from './audio.js'
import { fetchMessages } from './fetch.js'
import { imageMessages } from './image.js'
import { mediaMessages } from './media.js'
import { postMessages } from './post.js'
import type { Render } from './render.js'
import { videoMessages } from './video.js'

export type { Rendered } from './render.js'

export const messages: { readonly [R in RuleId]: Render<R> } = {
  ...mediaMessages,
  ...imageMessages,
  ...videoMessages,
  ...audioMessages,
  ...postMessages,
  ...fetchMessages,
}
