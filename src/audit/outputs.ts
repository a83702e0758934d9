// Audit outputs: the format each --out path asks for, written whole and atomically; --resume reads them back.
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { csvReport, readCsvReport } from './report-csv.js'
import { htmlReport, readHtmlReport } from './report-html.js'
import { jsonReport, readJsonReport } from './report-json.js'
import type { AuditRecord } from './records.js'
import type { SummaryOptions } from './summary.js'

/** An --resume file that is no audit report: a usage error, not a failure of the run. */
export class ResumeError extends Error {}

export type OutputFormat = 'json' | 'csv' | 'html'

export function formatOf(path: string): OutputFormat | null {
  const ext = extname(path).toLowerCase()
  if (ext === '.json') return 'json'
  if (ext === '.csv') return 'csv'
  if (ext === '.html' || ext === '.htm') return 'html'
  return null
}

export interface WriteInput {
  records: readonly AuditRecord[]
  targets: readonly string[]
  thumbnails: ReadonlyMap<string, string>
  generatedAt: Date
  /** Start the CSV with a UTF-8 byte order mark, for Excel. */
  csvBom?: boolean
}

export async function writeOutput(path: string, input: WriteInput): Promise<void> {
  const summaries = input.records.map((r) => r.summary)
  const text = {
    json: () => jsonReport(input.records, input.targets),
    csv: () => csvReport(summaries, { bom: input.csvBom }),
    html: () =>
      htmlReport({ summaries, targets: input.targets, thumbnails: input.thumbnails, generatedAt: input.generatedAt }),
  }[formatOf(path)!]()
  // A reader (or a Ctrl-C mid-write) never sees half a report.
  const partial = `${path}.${process.pid}.partial`
  try {
    await writeFile(partial, text)
    await rename(partial, path)
  } finally {
    await rm(partial, { force: true })
  }
}

/** The records of the first existing output, JSON preferred (it holds full reports); [] when none exists. */
export async function readPrevious(
  paths: readonly string[],
  targets: readonly string[],
  options: SummaryOptions = {},
): Promise<AuditRecord[]> {
  const order: OutputFormat[] = ['json', 'html', 'csv']
  const sorted = [...paths].sort((a, b) => order.indexOf(formatOf(a)!) - order.indexOf(formatOf(b)!))
  for (const path of sorted) {
    const text = await readFile(path, 'utf8').catch(() => null)
    if (text === null) continue
    const format = formatOf(path)!
    const records =
      format === 'json'
        ? readJsonReport(text, targets, options)
        : (format === 'html' ? readHtmlReport(text) : readCsvReport(text))?.map((summary) => ({
            outcome: null,
            summary,
          }))
    if (!records) throw new ResumeError(`--resume: ${path} is not a preflight audit report.`)
    return records
  }
  return []
}
