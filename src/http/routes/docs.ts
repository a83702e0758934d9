// GET /openapi.json and /docs: the API described from its zod schemas, and Swagger UI served from the package (no CDN).
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { swaggerUI } from '@hono/swagger-ui'
import { Hono } from 'hono'
import { ServiceError } from '../../errors.js'
import { packageVersion } from '../../services/package-files.js'
import { fileResponse } from '../static-file.js'

const require = createRequire(import.meta.url)
const SWAGGER_DIR = (require('swagger-ui-dist/absolute-path.js') as () => string)()
// The two files the docs page loads; the middleware asks for them under `${baseUrl}/swagger-ui-dist/`.
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js'])
const ASSETS = '/docs/assets'

export function docsRoutes() {
  // Loaded on the first request: the document's module graph (every report schema) costs a few MB resident.
  let document: Promise<Record<string, unknown>> | undefined
  return new Hono()
    .get('/openapi.json', async (c) => {
      document ??= import('../openapi/document.js').then(({ openApiDocument }) => openApiDocument(packageVersion()))
      return c.json(await document)
    })
    .get('/docs', swaggerUI({ url: '/openapi.json', baseUrl: ASSETS, title: 'preflight API', validatorUrl: 'none' }))
    .get(`${ASSETS}/swagger-ui-dist/:file`, (c) => {
      const file = c.req.param('file')
      if (!SWAGGER_FILES.has(file)) throw new ServiceError('not_found', 'No such file.')
      return fileResponse(join(SWAGGER_DIR, file), { 'cache-control': 'public, max-age=86400' })
    })
}
