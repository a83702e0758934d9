// Every committed sample on every target: the verdict and the rules behind it, kept in a file beside this test.
// Data-driven: a new sample or target adds its lines; a changed verdict shows as a diff of that file.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TARGET_NAMES } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { SAMPLES, samplePath } from '../helpers/samples.js'

const options = testOptions()
const media = readdirSync(SAMPLES)
  .filter((name) => !/\.(md|mjs)$/.test(name))
  .sort()

describe('the verdict of each sample on every target', () => {
  it('matches samples/VERDICTS.md', async () => {
    const lines = ['| sample | target | verdict | errors | warnings |', '|---|---|---|---|---|']
    for (const name of media) {
      // One request per sample with every target: each file is probed once.
      const report = await preflight({ media: [{ path: samplePath(name) }], targets: TARGET_NAMES }, options)
      expect(report.results.map((r) => r.target)).toEqual(TARGET_NAMES)
      for (const result of report.results) {
        const rules = (severity: string) =>
          [...new Set(result.findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort().join(', ')
        lines.push(`| ${name} | ${result.target} | ${result.verdict} | ${rules('error')} | ${rules('warning')} |`)
      }
    }
    await expect(
      `# Sample verdicts\n\nWritten by test/pipeline/sample-verdicts.test.ts.\n\n${lines.join('\n')}\n`,
    ).toMatchFileSnapshot('../../samples/VERDICTS.md')
  }, 120_000)
})
