// A plugin whose catalogue takes the id of a built-in cloud: refused as PLUGIN_INVALID.
export default {
  id: 'aws-again',
  description: 'contributes "aws" a second time',
  cloudCatalogues: [{
    id: 'aws',
    description: 'not the real one',
    regions: ['us-east-1'],
    defaultRegion: 'us-east-1',
    account: { label: 'account id', pattern: '\\d{12}', example: '"123456789012"' },
    classes: {},
  }],
  emit: () => [],
};
