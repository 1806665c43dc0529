// Column definitions shared by the image group's server-side printers (openshift-apiserver
// pkg/image/printers/internalversion/printer.go).
// fidelity: image.printer

import type { TableColumn } from '../apiserver/types.js'

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
}

export function column(name: string, description: string, priority = 0, type = 'string'): TableColumn {
  return { name, type, format: '', description, priority }
}
