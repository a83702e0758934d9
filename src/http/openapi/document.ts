// The OpenAPI 3.1 document, built once from the zod schemas that validate requests and describe reports.
import { componentSchemas, errorResponses } from './components.js'
import { jobPaths } from './job-paths.js'
import { paths } from './paths.js'

const DESCRIPTION = `Predicts Instagram, Threads and Mastodon rejections before a post is sent.
Every finding names the platform error it predicts, what to do (\`fix_input\`, \`retry_later\`, \`reconnect\`) and a fix.
A media problem is a finding in a 200 report; only a malformed request is an error (\`{ "error": { "code", "message" } }\`).`

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.1',
    info: { title: 'preflight', version, description: DESCRIPTION },
    // Relative: the document is served by the service it describes, wherever that is deployed.
    servers: [{ url: '/', description: 'This preflight service' }],
    tags: [
      { name: 'preflight', description: 'Check media against targets' },
      { name: 'jobs', description: 'Audits and fixes that run as jobs: state, results, events, outputs' },
      { name: 'meta', description: 'Targets, health, docs and metrics' },
    ],
    paths: { ...paths, ...jobPaths },
    components: {
      schemas: componentSchemas(),
      responses: errorResponses(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'One of PREFLIGHT_API_KEYS, when set' },
      },
    },
  }
}
