// Which methods a path has a route for: a known path asked with another method is a 405 with Allow, not a 404.

interface Route {
  method: string
  path: string
}

/** Hono's route pattern as a RegExp: `:param` is one segment, `*` the rest. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}$`)
}

/** The methods that have a handler for `path` (middleware, registered as ALL, does not count); HEAD with GET. */
export function allowedMethods(routes: readonly Route[], path: string): string[] {
  const methods = new Set<string>()
  for (const route of routes) if (route.method !== 'ALL' && patternOf(route.path).test(path)) methods.add(route.method)
  if (methods.has('GET')) methods.add('HEAD')
  return [...methods].sort()
}
