// Just enough of the PouchDB side of the sync benchmark's comparison for the
// type checker; these packages ship no types and are used by the benchmark only.
declare module 'pouchdb' {
  interface Database {
    bulkDocs(docs: object[]): Promise<unknown>
    replicate: { to(target: string, options?: { batch_size?: number }): Promise<unknown> }
    close(): Promise<void>
  }
  interface PouchStatic {
    new (name: string): Database
    defaults(options: { prefix: string }): PouchStatic
  }
  const PouchDB: PouchStatic
  export default PouchDB
}

declare module 'express-pouchdb' {
  function expressPouchDb(pouch: unknown, options?: { mode?: string; logPath?: string }): unknown
  export default expressPouchDb
}

declare module 'express' {
  import type { Server } from 'node:http'
  interface App {
    use(path: string, handler: unknown): void
    listen(port: number, host: string): Server
  }
  function express(): App
  export default express
}
