export type LayerName =
  | 'shared'
  | 'core'
  | 'main'
  | 'preload'
  | 'renderer'
  | 'host'
  | 'server'
  | 'tests'
  | 'bench'
  | 'scripts'

export interface Layer {
  folder: string
  layers: LayerName[]
  typeLayers?: LayerName[]
  files?: string[]
  bundles?: string[]
  packages: string[]
  node: boolean
}

export type LayerTable = Record<LayerName, Layer>

export const LAYERS: LayerTable
