/**
 * CloudFront distributions (`cdns:`), built in the stack of their origin's region. A bucket origin
 * stays private: CloudFront signs its requests with an Origin Access Control and the bucket's
 * policy admits exactly this distribution (buckets.ts). A service origin is reached over HTTPS at
 * its public ingress host. Aliases get one ACM certificate in us-east-1 (CloudFront takes
 * certificates from there only; through a provider alias unless the stack is us-east-1), validated
 * by DNS: the records to create are the output `cdn_<name>_certificate_validation`, and apply waits
 * until ACM sees them. The cache policy is the entity's `cache:`.
 */
import { TerraformOutput } from './cdktf.ts';
import { AcmCertificate, AcmCertificateValidation, CloudfrontCachePolicy, CloudfrontDistribution, CloudfrontOriginAccessControl } from './aws.ts';
import type { CloudfrontDistributionOrigin } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import type { Cdn } from '../../compiler/plugin-api.ts';
import { bucketCloudName } from './buckets.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

/** CloudFront's certificates live in us-east-1. */
const CERTIFICATE_REGION = 'us-east-1';
const ORIGIN_ID = 'origin';

/** The Terraform address of a CDN's distribution, for the policy of the bucket it serves. */
export const distributionArn = (cdn: Pick<Cdn, 'name'>) => `\${aws_cloudfront_distribution.${tfId(cdn.name)}.arn}`;

/** The CDNs that serve `bucket` from this stack (they read its first copy). */
export const cdnsOfBucket = (rs: RegionStack, bucket: string): Cdn[] =>
  Object.values(rs.resolved.cdns).filter((cdn) => cdn.origin.kind === 'bucket' && cdn.origin.name === bucket && cdn.regions[0] === rs.region);

function origin(rs: RegionStack, cdn: Cdn, id: string): CloudfrontDistributionOrigin {
  if (cdn.origin.kind === 'bucket') {
    const bucket = rs.resolved.buckets[cdn.origin.name]!;
    const access = rs.add(CloudfrontOriginAccessControl, id, {
      name: rs.name(cdn.name, 64),
      description: `CDN ${cdn.name} reads bucket ${bucket.name}`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    return { originId: ORIGIN_ID, domainName: `${bucketCloudName(rs, bucket, rs.region)}.s3.${rs.region}.amazonaws.com`, originAccessControlId: access.id };
  }
  // check() makes sure the service has a public ingress
  const ingress = rs.resolved.services[cdn.origin.name]!.ingress!;
  return {
    originId: ORIGIN_ID,
    domainName: ingress.host,
    ...(ingress.path !== '/' ? { originPath: ingress.path.replace(/\/+$/, '') } : {}),
    customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: ingress.tls ? 'https-only' : 'http-only', originSslProtocols: ['TLSv1.2'] },
  };
}

function certificate(rs: RegionStack, cdn: Cdn, id: string): string {
  const provider = rs.provider(CERTIFICATE_REGION);
  const [domainName, ...alternatives] = cdn.aliases;
  const requested = rs.add(AcmCertificate, `cdn_${id}`, {
    domainName: domainName!,
    ...(alternatives.length ? { subjectAlternativeNames: alternatives } : {}),
    validationMethod: 'DNS',
    lifecycle: { createBeforeDestroy: true },
    ...(provider ? { provider } : {}),
  });
  const validationOutput = new TerraformOutput(rs.stack, `output.cdn_${id}_certificate_validation`, {
    value: requested.domainValidationOptions,
    description: `DNS records that validate the certificate of CDN ${cdn.name}: create them in the zone of its aliases`,
  });
  validationOutput.overrideLogicalId(`cdn_${id}_certificate_validation`);
  rs.recordObject(`output.cdn_${id}_certificate_validation`);
  const validated = rs.add(AcmCertificateValidation, `cdn_${id}`, { certificateArn: requested.arn, ...(provider ? { provider } : {}) });
  return validated.certificateArn;
}

export function buildCdn(rs: RegionStack, cdn: Cdn): void {
  const id = tfId(cdn.name);
  const { cache } = cdn;
  const policy = rs.add(CloudfrontCachePolicy, id, {
    name: rs.name(cdn.name, 128),
    comment: `Cache of CDN ${cdn.name}`,
    defaultTtl: cache.defaultTtlSeconds,
    minTtl: cache.minTtlSeconds,
    maxTtl: cache.maxTtlSeconds,
    parametersInCacheKeyAndForwardedToOrigin: {
      cookiesConfig: { cookieBehavior: cache.cookies ? 'all' : 'none' },
      headersConfig: cache.headers.length ? { headerBehavior: 'whitelist', headers: { items: cache.headers } } : { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: cache.queryStrings ? 'all' : 'none' },
      enableAcceptEncodingGzip: cache.compress,
      enableAcceptEncodingBrotli: cache.compress,
    },
  });
  const service = cdn.origin.kind === 'service';
  const distribution = rs.add(CloudfrontDistribution, id, {
    enabled: true,
    isIpv6Enabled: true,
    httpVersion: 'http2and3',
    comment: rs.name(cdn.name),
    priceClass: 'PriceClass_100',
    ...(cdn.aliases.length ? { aliases: cdn.aliases } : {}),
    origin: [origin(rs, cdn, id)],
    defaultCacheBehavior: {
      targetOriginId: ORIGIN_ID,
      viewerProtocolPolicy: 'redirect-to-https',
      // a bucket is read only; a service takes every method (uncached)
      allowedMethods: service ? ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] : ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: policy.id,
      compress: cache.compress,
    },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: cdn.aliases.length
      ? { acmCertificateArn: certificate(rs, cdn, id), sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
      : { cloudfrontDefaultCertificate: true },
    ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
  });
  rs.publish('cdn', cdn.name, 'domain', distribution.domainName);
  rs.publish('cdn', cdn.name, 'url', cdn.aliases.length ? `https://${cdn.aliases[0]}` : `https://${distribution.domainName}`);
  rs.use(cdn);
}
