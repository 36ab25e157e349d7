import swagger from '@fastify/swagger'
import fp from 'fastify-plugin'

/** Collects every route registered after it into the OpenAPI document (`app.swagger()`). */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Loket central server', version: '1' },
        components: {
          securitySchemes: {
            admin: { type: 'http', scheme: 'bearer' },
          },
        },
      },
    })
  },
  { name: 'loket-openapi' },
)
