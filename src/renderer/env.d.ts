/// <reference types="vite/client" />
import type { LoketBridge } from '../shared/api'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present only inside the Electron window (exposed by the preload). */
    loket?: LoketBridge
  }
}
