// What types cannot see: every rule id is used by a target, documented once, and served unchanged.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { targets } from '../platforms/targets.js'
import { messages } from '../src/messages/index.js'
import { itemChecks, postChecks } from '../validators/registry.js'
import { testApp } from './helpers/app.js'

const ruleIds = Object.keys(messages).sort()
const used = new Set(Object.values(targets).flatMap((t) => Object.keys(t.rules)))
const rulesPage = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')
const documented = [...rulesPage.matchAll(/^## (\S+)$/gm)].map((m) => m[1]).sort()

describe('rule catalogue', () => {
  it('uses every rule id in some target', () => expect(ruleIds.filter((id) => !used.has(id))).toEqual([]))
  it('documents every rule id once', () => expect(documented).toEqual(ruleIds))
  it('has a check for every rule that is not found by a stage', () => {
    const checked = [...Object.keys(itemChecks), ...Object.keys(postChecks)]
    // Found by stages: fetching the media, and reading the Mastodon instance's limits.
    const staged = (id: string) => id.startsWith('fetch.') || id === 'post.instance_limits'
    expect(ruleIds.filter((id) => !checked.includes(id) && !staged(id)).sort()).toEqual([])
  })
  it('names a source for every limit', () => {
    for (const target of Object.values(targets)) {
      for (const [rule, limit] of Object.entries(target.rules)) {
        expect(limit.source.length, `${target.name} ${rule}`).toBeGreaterThan(0)
      }
    }
  })
  it('serves the data at /v1/targets', async () => {
    const res = await testApp().request('/v1/targets')
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(targets)))
  })
})
