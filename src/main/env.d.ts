// electron-vite's `?modulePath` import suffix: the path of a file it bundles
// apart (core's worker thread entry). Declared here rather than through
// electron-vite/node, whose read-only ELECTRON_RENDERER_URL the tests set.
declare module '*?modulePath' {
  const path: string
  export default path
}
