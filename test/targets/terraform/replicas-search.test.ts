/** Read replicas (same- and cross-region), `readerHost`, OpenSearch domains and their IAM access. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

const HEADER = `infragen: 1
system: shop
defaults: { cloud: aws, region: us-east-1 }
environments:
  prod:
    regions: [us-east-1, eu-west-1]
    account: "123456789012"
    targets: { kubernetes: { cluster: shop-prod, namespace: shop } }
`;

describe('database replicas', () => {
  it('puts same-region replicas next to the database and cross-region ones in their own stack', async () => {
    const { stacks, diagnostics } = await compileInline(`${HEADER}
databases:
  orders:
    engine: postgres
    version: "16.3"
    class: db.t4g.medium
    replicas: { count: 2, regions: [us-east-1, eu-west-1] }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const primary = stacks['prod/us-east-1/main.tf.json'];
    const local = primary.resource.aws_db_instance;
    expect(Object.keys(local).sort()).toEqual(['orders', 'orders_replica_1', 'orders_replica_2']);
    expect(local.orders_replica_1.replicate_source_db).toBe('${aws_db_instance.orders.identifier}');
    expect(local.orders_replica_2.identifier).toBe('shop-prod-orders-replica-2');
    // a replica takes its engine, user and password from the source
    for (const key of ['engine', 'username', 'manage_master_user_password', 'db_name']) expect(local.orders_replica_1).not.toHaveProperty(key);
    expect(primary.resource.aws_ssm_parameter.database_orders_readerhost).toEqual({
      name: '/shop/prod/database/orders/readerHost',
      type: 'String',
      value: '${aws_db_instance.orders_replica_1.address}',
    });

    const replicaStack = stacks['prod/eu-west-1/main.tf.json'];
    const remote = replicaStack.resource.aws_db_instance;
    expect(Object.keys(remote).sort()).toEqual(['orders_replica_1', 'orders_replica_2']);
    expect(remote.orders_replica_1.replicate_source_db).toBe('arn:aws:rds:us-east-1:123456789012:db:shop-prod-orders');
    expect(remote.orders_replica_1.kms_key_id).toBe('${aws_kms_key.orders_replica.arn}');
    expect(remote.orders_replica_1.db_subnet_group_name).toBe('${aws_db_subnet_group.orders_replica.name}');
    expect(replicaStack.resource.aws_kms_key.orders_replica.enable_key_rotation).toBe(true);
    expect(replicaStack.resource.aws_ssm_parameter.database_orders_readerhost.value).toBe('${aws_db_instance.orders_replica_1.address}');
    expect(replicaStack.resource.aws_ssm_parameter).not.toHaveProperty('database_orders_host');
  });

  it('publishes the primary as readerHost where a database has no replica', async () => {
    const { stacks } = await compileInline(`${HEADER}
databases:
  orders: { engine: postgres, version: "16.3", class: db.t4g.medium }
`);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    expect(stack.resource.aws_ssm_parameter.database_orders_readerhost.value).toBe('${aws_db_instance.orders.address}');
    expect(Object.keys(stack.resource.aws_db_instance)).toEqual(['orders']);
  });
});

describe('search clusters', () => {
  it('creates a private, encrypted, HTTPS-only OpenSearch domain that admits only its users', async () => {
    const { stacks, diagnostics } = await compileInline(`${HEADER}
search:
  products: { version: "2.13", class: r6g.large.search, nodes: 2, storage: 50Gi }
services:
  api:
    image: shop/api:1.0
    uses: [search.products]
    env: { SEARCH_URL: "\${search.products.endpoint}" }
  web:
    image: shop/web:1.0
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    const domain = stack.resource.aws_opensearch_domain.products;
    expect(domain.domain_name).toBe('shop-prod-products');
    expect(domain.engine_version).toBe('OpenSearch_2.13');
    expect(domain.cluster_config).toEqual({ instance_count: 2, instance_type: 'r6g.large.search', zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 2 } });
    expect(domain.ebs_options).toEqual({ ebs_enabled: true, volume_size: 50, volume_type: 'gp3' });
    expect(domain.encrypt_at_rest).toEqual({ enabled: true });
    expect(domain.node_to_node_encryption).toEqual({ enabled: true });
    expect(domain.domain_endpoint_options.enforce_https).toBe(true);
    expect(domain.advanced_security_options.enabled).toBe(true);
    expect(domain.vpc_options.subnet_ids).toHaveLength(2);
    expect(domain.vpc_options.security_group_ids).toEqual(['${aws_security_group.search_products.id}']);

    // the domain's security group admits the pods of the named cluster on 443 (their network
    // policies narrow that to the api), and nobody else
    const rules = Object.entries(stack.resource.aws_vpc_security_group_ingress_rule).filter(([, rule]: [string, any]) => rule.security_group_id === '${aws_security_group.search_products.id}');
    expect(rules.map(([id]) => id)).toEqual(['search_products_from_cluster']);
    expect((rules[0]![1] as any).from_port).toBe(443);
    expect((rules[0]![1] as any).description).toMatch(/network policies admit service api$/);

    // the api's role may call the domain's HTTP API
    const access = stack.data.aws_iam_policy_document.access_service_api.statement.find((statement: any) => statement.sid === 'SearchProducts');
    expect(access.resources).toEqual(['arn:aws:es:us-east-1:123456789012:domain/shop-prod-products/*']);
    expect(access.actions).toContain('es:ESHttpGet');
    expect(stack.resource.aws_ssm_parameter.search_products_endpoint.value).toBe('https://${aws_opensearch_domain.products.endpoint}');
  });

  it('reports a zone-aware cluster in a one-zone network', async () => {
    const { diagnostics } = await compileInline(`${HEADER}
network: { zones: 1 }
search:
  products: { version: "2.13", class: r6g.large.search, nodes: 2 }
`);
    expect(diagnostics.map((d) => d.code)).toContain('TERRAFORM_SEARCH_ZONES');
  });
});

describe('scaling on queue depth', () => {
  it('lets the KEDA operator assume the role of a workload that scales on a queue', async () => {
    const { stacks } = await compileInline(`${HEADER}
queues:
  jobs: {}
services:
  worker:
    image: shop/worker:1.0
    consumes: [queue.jobs]
    autoscale: { min: 1, max: 10, queue: queue.jobs }
  mailer:
    image: shop/mailer:1.0
    consumes: [queue.jobs]
`);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    const worker = stack.data.aws_iam_policy_document.trust_service_worker.statement;
    expect(worker.find((statement: any) => statement.sid === 'KedaOperator')).toEqual({
      sid: 'KedaOperator',
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:role/keda-operator'] }],
    });
    const mailer = stack.data.aws_iam_policy_document.trust_service_mailer.statement;
    expect(mailer.some((statement: any) => statement.sid === 'KedaOperator')).toBe(false);
  });
});

describe('CDNs', () => {
  it('serves a private bucket through Origin Access Control with a us-east-1 certificate', async () => {
    const { stacks, diagnostics } = await compileInline(`infragen: 1
system: shop
environments:
  prod: { regions: [eu-west-1], account: "123456789012", domain: shop.example.com }
buckets:
  media: {}
cdns:
  media: { origin: bucket.media, aliases: ["files.\${env.domain}"], cache: { defaultTtl: 7d, queryStrings: true, headers: [Origin] } }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const stack = stacks['prod/eu-west-1/main.tf.json'];
    const distribution = stack.resource.aws_cloudfront_distribution.media;
    expect(distribution.aliases).toEqual(['files.shop.example.com']);
    expect(distribution.origin).toEqual([{
      origin_id: 'origin',
      domain_name: 'shop-prod-media.s3.eu-west-1.amazonaws.com',
      origin_access_control_id: '${aws_cloudfront_origin_access_control.media.id}',
    }]);
    expect(distribution.default_cache_behavior.viewer_protocol_policy).toBe('redirect-to-https');
    expect(distribution.viewer_certificate.acm_certificate_arn).toBe('${aws_acm_certificate_validation.cdn_media.certificate_arn}');
    // CloudFront's certificate lives in us-east-1: a provider alias from this eu-west-1 stack
    expect(stack.resource.aws_acm_certificate.cdn_media).toMatchObject({ domain_name: 'files.shop.example.com', validation_method: 'DNS', provider: 'aws.us_east_1' });
    expect(stack.provider.aws.map((provider: any) => provider.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(stack.output.cdn_media_certificate_validation.value).toContain('aws_acm_certificate.cdn_media.domain_validation_options');

    const policy = stack.resource.aws_cloudfront_cache_policy.media;
    expect(policy.default_ttl).toBe(604800);
    expect(policy.parameters_in_cache_key_and_forwarded_to_origin.query_strings_config).toEqual({ query_string_behavior: 'all' });
    expect(policy.parameters_in_cache_key_and_forwarded_to_origin.headers_config).toEqual({ header_behavior: 'whitelist', headers: { items: ['origin'] } });

    // the bucket stays private and admits this distribution only
    expect(stack.resource.aws_s3_bucket_public_access_block.media.restrict_public_buckets).toBe(true);
    const statement = stack.data.aws_iam_policy_document.bucket_media.statement.find((s: any) => s.sid === 'CloudFrontMedia');
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }]);
    expect(statement.condition).toEqual([{ test: 'StringEquals', variable: 'AWS:SourceArn', values: ['${aws_cloudfront_distribution.media.arn}'] }]);
    expect(stack.resource.aws_ssm_parameter.cdn_media_url.value).toBe('https://files.shop.example.com');
  });

  it('fetches a service at its public ingress over HTTPS', async () => {
    const { stacks } = await compileInline(`infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1], account: "123456789012", domain: shop.example.com }
services:
  web:
    image: shop/web:1.0
    ports: { http: 8080 }
    ingress: { host: "www.\${env.domain}", visibility: public }
cdns:
  site: { origin: service.web }
`);
    const distribution = stacks['prod/us-east-1/main.tf.json'].resource.aws_cloudfront_distribution.site;
    expect(distribution.origin[0].domain_name).toBe('www.shop.example.com');
    expect(distribution.origin[0].custom_origin_config.origin_protocol_policy).toBe('https-only');
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.default_cache_behavior.allowed_methods).toContain('POST');
  });
});
