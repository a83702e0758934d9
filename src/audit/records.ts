// An audit's records: each asset's summary, with its full outcome when this run (or a JSON report) has it.
import type { AssetOutcome, AssetSummary } from './summary.js'

export interface AuditRecord {
  /** Null for an asset carried over from a CSV or HTML report. */
  outcome: AssetOutcome | null
  summary: AssetSummary
}
