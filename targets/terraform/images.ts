/**
 * ECR repositories for images built from source (services, jobs, testnet services and testnet
 * daemons with `build:`): `<system>-<env>-<workload>` (cloudName, as the Kubernetes target writes
 * the image address), scan on push, immutable tags, encrypted.
 */
import { EcrRepository } from './aws.ts';
import type { EntityKind } from '../../compiler/plugin-api.ts';
import { imageRepositoryName } from '../../compiler/plugin-api.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

export interface BuiltImage {
  /** Kind and name the repository is published under (`/<system>/<env>/<kind>/<name>/image-repository`). */
  kind: EntityKind;
  name: string;
  /** The system.yaml entity that declares the build. */
  source: { kind: EntityKind; name: string };
}

export function buildImageRepository(rs: RegionStack, image: BuiltImage): void {
  const repository = rs.add(EcrRepository, tfId(image.kind, image.name), {
    name: imageRepositoryName(rs.system, rs.envName, image.name),
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'AES256' }],
    forceDelete: false,
  });
  rs.publish(image.kind, image.name, 'image-repository', repository.repositoryUrl);
  rs.use(image.source);
}
