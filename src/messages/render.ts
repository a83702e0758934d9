// The shape of a rendered finding: what every rule's wording function returns.
import type { Limit, RuleId, Rules } from '../rule-types.js'

export interface Rendered {
  message: string
  expected: string | null
  actual: string | number | null
  /** What to do about it: a command or the exact target size; null on notes that ask nothing. */
  fix: string | null
  /** Technical detail behind a plain message (the system's own error text), for a line of its own. */
  detail?: string
  /** What this finding could not check, joined to the limit's own note. */
  note?: string
}

/** Wording for one rule: its finding's arguments, the limit it broke, and how to name the target. */
export type Render<R extends RuleId> = (args: Rules[R]['args'], limit: Limit<R>, site: string) => Rendered

export type Renderers<Family extends string> = { readonly [R in Extract<RuleId, `${Family}.${string}`>]: Render<R> }
