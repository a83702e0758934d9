// The service-wide temp-disk budget: bytes in flight across every item's scratch files, reserved before they are written.

/** One scratch directory's share of the budget: bytes taken as they are written, all given back when it closes. */
export interface DiskAccount {
  /** Takes `bytes` more before they are written; false (nothing taken) when they would pass the budget. */
  reserve: (bytes: number) => boolean
  /** Bytes this account holds. */
  readonly held: number
  /** Gives back everything this account holds; later reservations are refused. */
  close: () => void
}

export class DiskBudget {
  #used = 0

  constructor(readonly limit: number) {}

  /** Bytes reserved by every open account. */
  get used(): number {
    return this.#used
  }

  account(): DiskAccount {
    let held = 0
    let open = true
    return {
      reserve: (bytes) => {
        if (!open || this.#used + bytes > this.limit) return false
        this.#used += bytes
        held += bytes
        return true
      },
      get held() {
        return held
      },
      close: () => {
        if (!open) return
        open = false
        this.#used -= held
        held = 0
      },
    }
  }
}
