/** Container-image functions and bucket event sources in serverless.yml. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

const SYSTEM = `
infragen: 1
system: media
defaults: { cloud: aws, region: eu-west-1, runtime: python3.12 }
environments:
  prod: { regions: [eu-west-1], account: "123456789012" }
buckets:
  photos:
    notify: [{ function: index, events: [created, removed], prefix: "raw/*" }]
functions:
  resize:
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/media/resize:2.1.0
    memory: 2048
    consumes: [{ bucket: photos, prefix: incoming/, suffix: .jpg }]
  index:
    handler: index.handler
  audit:
    handler: audit.handler
    consumes: [{ bucket: photos, suffix: .json }]
`;

describe('serverless.yml: images and bucket sources', async () => {
  const { documents, diagnostics } = await compileInline(SYSTEM);
  const functions = documents['prod/eu-west-1/serverless.yml'].functions;

  it('builds without errors', () => {
    expect(diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  });

  it('deploys an image function by its image, with no handler or runtime', () => {
    expect(functions.resize.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/media/resize:2.1.0');
    expect(functions.resize).not.toHaveProperty('handler');
    expect(functions.resize).not.toHaveProperty('runtime');
    expect(functions.index).toMatchObject({ handler: 'index.handler', runtime: 'python3.12' });
  });

  it('turns each bucket source into an EventBridge rule on the bucket, filtered by key', () => {
    const rule = (name: string) => functions[name].events.map((event: any) => event.eventBridge.pattern);
    expect(rule('resize')).toEqual([
      { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['media-prod-photos'] }, object: { key: [{ wildcard: 'incoming/*.jpg' }] } } },
    ]);
    expect(rule('audit')).toEqual([
      { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['media-prod-photos'] }, object: { key: [{ suffix: '.json' }] } } },
    ]);
    expect(rule('index')).toEqual([
      { source: ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'], detail: { bucket: { name: ['media-prod-photos'] }, object: { key: [{ prefix: 'raw/*' }] } } },
    ]);
  });
});

const HTTP_API = `
infragen: 1
system: shop
defaults: { cloud: aws, region: us-east-1, runtime: nodejs22.x, api: http }
environments:
  prod: { regions: [us-east-1], account: "123456789012" }
functions:
  auth: { handler: auth.handler }
  api:
    handler: api.handler
    routes: ["GET /items/{id}", { route: "POST /items", throttle: { rate: 5, burst: 10 } }, "ANY /proxy/{proxy+}"]
    authorizer: auth
    throttle: { rate: 50, burst: 100 }
  legacy:
    handler: legacy.handler
    api: rest
    routes: ["GET /items/{id}"]
`;

describe('serverless.yml: HTTP APIs', async () => {
  const { documents, diagnostics } = await compileInline(HTTP_API);
  const document = documents['prod/us-east-1/serverless.yml'];

  it('builds without errors: the same route in the REST and the HTTP API is no clash', () => {
    expect(diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  });

  it('serves routes of `api: http` functions as httpApi events with a request authorizer', () => {
    expect(document.functions.api.events).toEqual([
      { httpApi: { method: 'GET', path: '/items/{id}', authorizer: { name: 'auth' } } },
      { httpApi: { method: 'POST', path: '/items', authorizer: { name: 'auth' } } },
      { httpApi: { method: '*', path: '/proxy/{proxy+}', authorizer: { name: 'auth' } } },
    ]);
    expect(document.provider.httpApi.authorizers).toEqual({ auth: { type: 'request', functionName: 'auth', identitySource: ['$request.header.Authorization'], payloadVersion: '1.0' } });
    expect(document.functions.legacy.events[0].http).toMatchObject({ method: 'get', path: '/items/{id}' });
  });

  it('throttles HTTP API routes on the HTTP API stage, not with the REST plugin', () => {
    expect(document.plugins).toBeUndefined();
    expect(document.resources.extensions.HttpApiStage.Properties).toEqual({
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      RouteSettings: {
        'GET /items/{id}': { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
        'POST /items': { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 },
        'ANY /proxy/{proxy+}': { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      },
    });
  });
});
