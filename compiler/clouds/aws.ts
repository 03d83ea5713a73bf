/** The built-in catalogue of Amazon Web Services. */
import { AWS_REGIONS } from '../../schema/primitives.ts';
import type { CloudCatalogue } from './types.ts';

export const AWS_CATALOGUE: CloudCatalogue = {
  id: 'aws',
  description: 'Amazon Web Services',
  regions: AWS_REGIONS,
  defaultRegion: 'us-east-1',
  account: { label: '12-digit AWS account id', pattern: '\\d{12}', example: '"123456789012"' },
  classes: {
    database: {
      label: 'RDS instance class',
      pattern: 'db\\.[a-z0-9]+\\.[a-z0-9]+',
      example: 'db.t3.medium',
      sizes: { small: 'db.t3.small', medium: 'db.t3.medium', large: 'db.m6g.large', xlarge: 'db.m6g.xlarge' },
    },
    cache: {
      label: 'ElastiCache node type',
      pattern: 'cache\\.[a-z0-9]+\\.[a-z0-9]+',
      example: 'cache.t3.micro',
      sizes: { small: 'cache.t3.small', medium: 'cache.t3.medium', large: 'cache.m6g.large', xlarge: 'cache.m6g.xlarge' },
    },
    search: {
      label: 'OpenSearch instance type',
      pattern: '[a-z0-9]+\\.[a-z0-9]+\\.search',
      example: 'r6g.large.search',
      sizes: { small: 't3.small.search', medium: 't3.medium.search', large: 'r6g.large.search', xlarge: 'r6g.xlarge.search' },
    },
  },
  // Fargate task sizes (the smallest of each CPU step), which EKS nodes fit as well.
  serviceSizes: {
    small: { cpu: '250m', memory: '512Mi' },
    medium: { cpu: '500m', memory: '1Gi' },
    large: { cpu: '1', memory: '2Gi' },
    xlarge: { cpu: '2', memory: '4Gi' },
  },
};
