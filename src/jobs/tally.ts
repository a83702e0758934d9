// How a batch's or an audit's lines count in its summary.

export interface Tally {
  ok: number
  failed: number
  errors: number
  /** Items some target does not take at all (an image against Reels): counted neither way for that target. */
  notApplicable: number
}

export const emptyTally = (): Tally => ({ ok: 0, failed: 0, errors: 0, notApplicable: 0 })
