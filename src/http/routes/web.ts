// GET /, /favicon.svg and /assets/*: the upload page (web/) and the browser code tsc compiled from src/web and src/client.
import { join } from 'node:path'
import { Hono } from 'hono'
import { ServiceError } from '../../errors.js'
import { PACKAGE_ROOT } from '../../services/package-files.js'
import { fileResponse } from '../static-file.js'

const PAGE_DIR = join(PACKAGE_ROOT, 'web')
// Browser modules are served from the build: the page imports the client as ../client/index.js.
const MODULE_DIRS = new Map([
  ['web', join(PACKAGE_ROOT, 'dist', 'src', 'web')],
  ['client', join(PACKAGE_ROOT, 'dist', 'src', 'client')],
])
const MODULE_NAME = /^[a-z][a-z0-9-]*\.js$/ // no dots or slashes: nothing outside the two folders

// The page runs only its own scripts; previews may show media from anywhere (a pasted URL, a local blob).
const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data: http: https:",
  "media-src 'self' blob: http: https:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ')

export function webRoutes() {
  return new Hono()
    .get('/', () => fileResponse(join(PAGE_DIR, 'index.html'), { 'content-security-policy': PAGE_CSP }))
    .get('/assets/style.css', () => fileResponse(join(PAGE_DIR, 'style.css')))
    .get('/favicon.svg', () =>
      fileResponse(join(PAGE_DIR, 'favicon.svg'), { 'cache-control': 'public, max-age=86400' }),
    )
    .get('/assets/:dir/:file', (c) => {
      const dir = MODULE_DIRS.get(c.req.param('dir'))
      const file = c.req.param('file')
      if (!dir || !MODULE_NAME.test(file)) throw new ServiceError('not_found', 'No such file.')
      return fileResponse(join(dir, file))
    })
}
