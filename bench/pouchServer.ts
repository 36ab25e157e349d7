// A PouchDB server (express-pouchdb over LevelDB) for the sync benchmark's
// comparison, in its own process as the Loket server is: `tsx bench/pouchServer.ts <dir> <port>`.
import express from 'express'
import expressPouchDb from 'express-pouchdb'
import PouchDB from 'pouchdb'

const [dir, port] = process.argv.slice(2)
if (!dir || !port) throw new Error('usage: pouchServer.ts <dir> <port>')
const Server = PouchDB.defaults({ prefix: `${dir}/` })
const app = express()
app.use('/', expressPouchDb(Server, { mode: 'minimumForPouchDB', logPath: `${dir}/log.txt` }))
app.listen(Number(port), '127.0.0.1')
