export default {
  id: 'configurable',
  description: 'declares options',
  optionsSchema: { type: 'object', properties: { region: { type: 'string', default: 'us-east-1' } } },
  emit: (model, context) => [{ path: 'region.txt', contents: `${context.options.region}\n`, sources: [] }],
};
