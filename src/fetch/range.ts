// Meta's Range probe judged (PLATFORM-RULES.md §7.3 fetch.range): honoured exactly, or ignored. Pure.
import type { RawFinding } from '../rule-types.js'
import { PROBE_END } from './crawler.js'

export interface ContentRange {
  start: number
  end: number
  /** Null for `*`: the server did not say. */
  size: number | null
}

/** `bytes 0-524288/1000000` → its numbers; null when the header does not parse. */
export function parseContentRange(header: string | null): ContentRange | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header?.trim() ?? '')
  if (!m) return null
  const [start, end] = [Number(m[1]), Number(m[2])]
  if (end < start) return null
  return { start, end, size: m[3] === '*' ? null : Number(m[3]) }
}

/** The probe's 206 against what it should be: `bytes 0-E/size`, E = min(524288, size − 1), E + 1 body bytes. */
export function judgeRange(
  contentRange: string | null,
  bodyBytes: number,
): { range: ContentRange | null; finding: RawFinding | null } {
  const range = parseContentRange(contentRange)
  if (!range || range.size === null || range.start !== 0 || range.end !== Math.min(PROBE_END, range.size - 1)) {
    const detail = `Content-Range ${contentRange === null ? 'missing' : JSON.stringify(contentRange)}`
    return { range, finding: { rule: 'fetch.range', args: { problem: 'content_range', detail } } }
  }
  if (bodyBytes !== range.end + 1) {
    const detail = `${bodyBytes} body bytes for a range of ${range.end + 1}`
    return { range, finding: { rule: 'fetch.range', args: { problem: 'length', detail } } }
  }
  return { range, finding: null }
}
