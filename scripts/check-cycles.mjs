#!/usr/bin/env node
// Import cycles in the TypeScript sources: fails (exit 1) on any, type-only imports included, naming each cycle.
// Dependency-free on purpose: a regex over import/export specifiers is enough for this codebase's plain ESM.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

// The project root, or the folder given (the test points it at a made-up tree).
const ROOT = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'))
const FOLDERS = ['src', 'validators', 'platforms']
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

const files = FOLDERS.filter((f) => existsSync(join(ROOT, f))).flatMap((f) => tsFiles(join(ROOT, f)))
const known = new Set(files)
const graph = new Map()
for (const file of files) {
  const edges = new Set()
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts')
    if (known.has(target)) edges.add(target)
  }
  graph.set(file, [...edges])
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0
const indices = new Map()
const low = new Map()
const stack = []
const onStack = new Set()
const components = []
function connect(v) {
  indices.set(v, index)
  low.set(v, index++)
  stack.push(v)
  onStack.add(v)
  for (const w of graph.get(v)) {
    if (!indices.has(w)) {
      connect(w)
      low.set(v, Math.min(low.get(v), low.get(w)))
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)))
  }
  if (low.get(v) === indices.get(v)) {
    const component = []
    let w
    do {
      w = stack.pop()
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || graph.get(v).includes(v)) components.push(component)
  }
}
for (const file of files) if (!indices.has(file)) connect(file)

if (components.length === 0) {
  console.log(`No import cycles in ${files.length} files.`)
} else {
  for (const c of components)
    console.error(
      `Import cycle: ${c
        .map((f) => relative(ROOT, f))
        .sort()
        .join(' ↔ ')}`,
    )
  console.error(`${components.length} import cycle(s): break them (a shared types module usually does).`)
  process.exitCode = 1
}
