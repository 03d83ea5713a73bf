export default {
  id: 'configurable',
  description: 'declares options',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['region'],
    properties: {
      region: { type: 'string' },
      replicas: { type: 'integer', minimum: 1 },
      tier: { enum: ['basic', 'standard'] },
      network: { type: 'object', properties: { subnets: { type: 'array', items: { type: 'string' } } } },
    },
  },
  emit: () => {
    throw new Error('never runs: its options are wrong');
  },
};
