/**
 * S3 buckets: public access blocked unless the bucket is declared `public` (then anonymous read of
 * objects only), default encryption, owner-enforced object ownership, TLS-only access, read
 * access for the CDNs that serve it (their distributions only), and versioning as declared.
 */
import { DataAwsIamPolicyDocument, S3Bucket, S3BucketOwnershipControls, S3BucketPolicy, S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, S3BucketVersioningA } from './aws.ts';
import type { Bucket } from '../../compiler/plugin-api.ts';
import { bucketName } from '../../compiler/plugin-api.ts';
import { cdnsOfBucket, distributionArn } from './cdn.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

/** The bucket's copy in `region`: the first region's is plain, further copies carry the region. */
export const bucketCloudName = (rs: RegionStack, bucket: Bucket, region: string) =>
  bucketName(rs.system, rs.envName, bucket.name, region === bucket.regions[0] ? undefined : region);

export function buildBucket(rs: RegionStack, bucket: Bucket): S3Bucket {
  const id = tfId(bucket.name);
  const resource = rs.add(S3Bucket, id, {
    bucket: bucketCloudName(rs, bucket, rs.region),
    forceDestroy: false,
    ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
  });
  const publicAccess = rs.add(S3BucketPublicAccessBlock, id, {
    bucket: attributeOf(resource, 'id'),
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: !bucket.public,
    restrictPublicBuckets: !bucket.public,
  });
  rs.add(S3BucketOwnershipControls, id, { bucket: attributeOf(resource, 'id'), rule: { objectOwnership: 'BucketOwnerEnforced' } });
  rs.add(S3BucketServerSideEncryptionConfigurationA, id, {
    bucket: attributeOf(resource, 'id'),
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
  });
  if (bucket.versioning) rs.add(S3BucketVersioningA, id, { bucket: attributeOf(resource, 'id'), versioningConfiguration: { status: 'Enabled' } });

  const statements = [
    {
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: [attributeOf(resource, 'arn'), `${attributeOf(resource, 'arn')}/*`],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    },
    ...(bucket.public
      ? [{ sid: 'PublicRead', effect: 'Allow', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:GetObject'], resources: [`${attributeOf(resource, 'arn')}/*`] }]
      : []),
    // CDNs read objects through their Origin Access Control: this distribution, and no other
    ...cdnsOfBucket(rs, bucket.name).map((cdn) => ({
      sid: `CloudFront${cdn.name.split(/[^a-zA-Z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}`,
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
      actions: ['s3:GetObject'],
      resources: [`${attributeOf(resource, 'arn')}/*`],
      condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn(cdn)] }],
    })),
  ];
  const policy = rs.add(DataAwsIamPolicyDocument, `bucket_${id}`, { statement: statements });
  rs.add(S3BucketPolicy, id, { bucket: attributeOf(resource, 'id'), policy: policy.json, dependsOn: [publicAccess] });

  rs.publish('bucket', bucket.name, 'arn', attributeOf(resource, 'arn'));
  rs.publish('bucket', bucket.name, 'name', resource.bucket);
  rs.use(bucket);
  return resource;
}
