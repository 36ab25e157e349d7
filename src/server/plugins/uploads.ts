import fp from 'fastify-plugin'
import { removeIdleUploads, UPLOAD_IDLE_MS } from '../central/attachments'

/**
 * Partial uploads are plain; one left idle is removed at start and then every
 * tenth of the idle limit, on the server's clock.
 */
export const uploadsPlugin = fp(
  async (app) => {
    const sweep = () =>
      removeIdleUploads(app.db, app.config.dataDir, app.now()).catch((err: unknown) =>
        app.log.error({ err }, 'removing idle partial uploads failed'),
      )
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      await sweep()
      timer = setInterval(() => void sweep(), UPLOAD_IDLE_MS / 10)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'loket-uploads', dependencies: ['loket-config', 'loket-db'] },
)
