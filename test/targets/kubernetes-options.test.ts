/** The Terraform target and the graph read the Kubernetes target's cluster and namespace (kubernetesPlacement) as the Kubernetes target does. */
import { describe, expect, it } from 'vitest';
import { kubernetesSettings } from '../../targets/kubernetes/settings.ts';
import { kubernetesPlacement } from '../../compiler/plugin-api.ts';

describe('the Kubernetes options both targets read', () => {
  it.each([
    {},
    { cluster: 'prod-eks' },
    { namespace: 'shop-live' },
    { cluster: 'prod-eks', namespace: 'shop-live', certIssuer: 'letsencrypt', ingressClass: { public: 'traefik' } },
  ])('%j: the same cluster and namespace', (options) => {
    const { cluster, namespace } = kubernetesSettings(options, 'shop');
    expect(kubernetesPlacement(options, 'shop')).toEqual({ ...(cluster ? { cluster } : {}), namespace });
  });

  it('fills the documented defaults', () => {
    expect(kubernetesSettings({}, 'shop')).toEqual({ namespace: 'shop', ingressClass: { public: 'nginx', internal: 'nginx-internal' }, secretStore: 'aws-secrets-manager' });
  });
});
