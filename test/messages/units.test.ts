// One style for bytes and durations: src/client/units.ts writes them for the API's messages, the CLI, the audit
// report and the page (browser code, so the page loads it as it is); nothing else formats its own.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bytes, offsetSeconds, seconds, shortBytes } from '../../src/client/units.js'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'

describe('byte counts', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1049, '1.0 kB'],
    [1050, '1.1 kB'],
    [999_949, '999.9 kB'],
    [1e6, '1.0 MB'],
    [8_388_608, '8.4 MB'],
    [16_777_216, '16.8 MB'],
    [1e9, '1.0 GB'],
    [1e12, '1.0 TB'],
    [2.5e16, '25000.0 TB'],
  ])('%d B reads %s', (n, text) => {
    expect(shortBytes(n)).toBe(text)
  })

  it('are the decimal units the platforms write their limits in, with the exact bytes rules compare', () => {
    expect(bytes(8_388_608)).toBe('8.4 MB (8,388,608 B)')
    expect(bytes(999)).toBe('999 B')
  })
})

describe('durations', () => {
  it.each([
    [0, '0.00 s'],
    [2.999, '3.00 s'],
    [3.2, '3.20 s'],
    [9.994, '9.99 s'],
    [10, '10.0 s'],
    [90.04, '90.0 s'],
    [3600, '3600.0 s'],
  ])('%d s reads %s', (s, text) => {
    expect(seconds(s)).toBe(text)
  })

  it('offsets inside a file keep the millisecond', () => {
    expect(offsetSeconds(0.5)).toBe('0.500 s')
    expect(offsetSeconds(0.51)).toBe('0.510 s')
  })
})

describe('the one formatter', () => {
  // A byte-unit table or a duration written with toFixed outside units.ts is a second style in the making.
  const OWN_FORMAT = [/\['kB', 'MB'/, /toFixed\([^)]*\)\} s\b/, /toFixed\([^)]*\)} s`/]
  const FOLDERS = ['src/web', 'src/client', 'src/messages', 'src/cli', 'src/audit']

  it('is the only place bytes and durations are formatted', async () => {
    const found: string[] = []
    for (const folder of FOLDERS) {
      for (const name of await readdir(join(PACKAGE_ROOT, folder))) {
        if (!name.endsWith('.ts') || (folder === 'src/client' && name === 'units.ts')) continue
        const text = await readFile(join(PACKAGE_ROOT, folder, name), 'utf8')
        if (OWN_FORMAT.some((re) => re.test(text))) found.push(`${folder}/${name}`)
      }
    }
    expect(found).toEqual([])
  })
})
