// ValidateImageStreamImport, ported from openshift-apiserver
// pkg/image/apis/image/validation/validation.go. Field errors in the server's order: images, repository,
// "at least one", metadata.
// fidelity: imagestreamimport.validation

import { fe, type FieldError } from '../../apiserver/errors.js'
import { validateObjectMeta } from '../../apiserver/validation.js'
import { dockerImageReferenceError, tryParseDockerImageReference } from '../helpers/reference.js'
import { validateImageStreamName } from '../imagestream/validation.js'
import type { TagImportPolicy } from '../types.js'
import type { ImageStreamImport } from './types.js'

const IMPORT_MODE_DETAIL = "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"

/** ValidateImportPolicy */
export function validateImportPolicy(policy: TagImportPolicy, path: string): FieldError[] {
  const mode = policy.importMode ?? ''
  if (mode !== '' && mode !== 'Legacy' && mode !== 'PreserveOriginal') return [fe.invalid(`${path}.importMode`, mode, IMPORT_MODE_DETAIL)]
  return []
}

export function validateImageStreamImport(isi: ImageStreamImport): FieldError[] {
  const errs: FieldError[] = []
  ;(isi.spec.images ?? []).forEach((spec, i) => {
    const path = `spec.images[${i}]`
    const kind = spec.from.kind ?? ''
    if (kind === 'DockerImage') {
      if (spec.to && !spec.to.name) errs.push(fe.invalid(`${path}.to.name`, '', 'the name of the target tag must be specified'))
      const name = spec.from.name ?? ''
      if (!name) errs.push(fe.required(`${path}.from.name`))
      else {
        // The legacy clients use '*' to look up image streams; such entries skip the rest.
        if (name === '*') return
        const err = dockerImageReferenceError(name)
        if (err) errs.push(fe.invalid(`${path}.from.name`, name, err))
      }
    } else {
      errs.push(fe.invalid(`${path}.from.kind`, kind, 'only DockerImage is supported'))
    }
    errs.push(...validateImportPolicy(spec.importPolicy, `${path}.importPolicy`))
  })
  const repo = isi.spec.repository
  if (repo) {
    const kind = repo.from.kind ?? ''
    if (kind === 'DockerImage') {
      const name = repo.from.name ?? ''
      if (!name) errs.push(fe.required('spec.repository.from.name', 'container image references require a name'))
      else {
        const err = dockerImageReferenceError(name)
        if (err) errs.push(fe.invalid('spec.repository.from.name', name, err))
        else {
          const ref = tryParseDockerImageReference(name)!
          if (ref.id || ref.tag) errs.push(fe.invalid('spec.repository.from.name', name, 'you must specify an image repository, not a tag or ID'))
        }
      }
    } else {
      errs.push(fe.invalid('spec.repository.from.kind', kind, 'only DockerImage is supported'))
    }
    errs.push(...validateImportPolicy(repo.importPolicy, 'spec.repository.importPolicy'))
  }
  if (!(isi.spec.images ?? []).length && !repo) {
    errs.push(fe.invalid('spec.images', null, 'you must specify at least one image or a repository import'))
  }
  errs.push(...validateObjectMeta(isi.metadata, { namespaced: true, nameFn: validateImageStreamName }))
  return errs
}
