/**
 * Secrets Manager secrets, without values (they are set out of band): the declared secrets as
 * `<system>/<env>/<name>` in each of their regions, and one per keyed testnet node as
 * `<secretPrefix>/<node-name>`, created in the testnet's first region and replicated to its other
 * regions, since nodes are spread over the regions and each reads its own key where it runs.
 */
import { SecretsmanagerSecret } from './aws.ts';
import type { Secret, Testnet } from '../../compiler/plugin-api.ts';
import { secretId, testnetKeySecretId, testnetNodeNames } from '../../compiler/plugin-api.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

const recoveryWindow = (rs: RegionStack) => (rs.protect ? 30 : 7);

export function buildSecret(rs: RegionStack, secret: Secret): void {
  const resource = rs.add(SecretsmanagerSecret, tfId(secret.name), {
    name: secretId(rs.system, rs.envName, secret.name),
    ...(secret.description ? { description: secret.description } : {}),
    recoveryWindowInDays: recoveryWindow(rs),
    ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
  });
  rs.publish('secret', secret.name, 'arn', resource.arn);
  rs.publish('secret', secret.name, 'name', resource.name);
  rs.use(secret);
}

/** The key secrets of a testnet's keyed nodes; call in the stack of the testnet's first region. */
export function buildTestnetKeys(rs: RegionStack, testnet: Testnet): void {
  if (!testnet.keys) return;
  const replicas = testnet.regions.filter((region) => region !== rs.region);
  for (const group of testnet.nodes.filter((node) => node.keyed)) {
    for (const node of testnetNodeNames(group.name, group.count)) {
      rs.add(SecretsmanagerSecret, tfId('testnet', testnet.name, node), {
        name: testnetKeySecretId(testnet.keys.secretPrefix, node),
        description: `Key of ${group.role} ${node} of testnet ${testnet.name}`,
        recoveryWindowInDays: recoveryWindow(rs),
        ...(replicas.length ? { replica: replicas.map((region) => ({ region })) } : {}),
        ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
      });
    }
  }
  rs.use(testnet);
}
