import { Menu, app, dialog, type MenuItemConstructorOptions } from 'electron'

export function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    { label: 'Berkas', submenu: [{ label: 'Keluar', role: 'quit' }] },
    {
      label: 'Tampilan',
      submenu: [
        { label: 'Muat ulang', role: 'reload' },
        { type: 'separator' },
        { label: 'Perbesar', role: 'zoomIn' },
        { label: 'Perkecil', role: 'zoomOut' },
        { label: 'Ukuran normal', role: 'resetZoom' },
      ],
    },
    {
      label: 'Bantuan',
      submenu: [
        {
          label: 'Tentang Loket',
          click: () =>
            void dialog.showMessageBox({
              title: 'Tentang Loket',
              message: `Loket ${app.getVersion()}`,
              detail: 'Stasiun penerimaan pengaduan masyarakat.',
            }),
        },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
