// An RFC 4180 reader written apart from src/audit/csv.ts, so the CSV report is checked by other code.

export function readCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  const field = /("((?:[^"]|"")*)"|[^,\r\n"]*)(,|\r\n|\n|$)/y
  let at = 0
  while (at < text.length) {
    field.lastIndex = at
    const m = field.exec(text)
    if (!m || m[0] === '') throw new Error(`bad CSV at offset ${at}`)
    row.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]!)
    at = field.lastIndex
    if (m[3] !== ',') {
      rows.push(row)
      row = []
    }
  }
  return rows
}
