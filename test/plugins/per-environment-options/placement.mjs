// A plugin whose options may be overridden per environment: it writes, per environment, the
// options its check and its emit received.
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['project'],
  properties: {
    project: { type: 'string' },
    replicas: { type: 'integer', minimum: 1, default: 1 },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export default {
  id: 'placement',
  description: 'per-environment options',
  optionsSchema: schema,
  check(model, context) {
    for (const resolved of model.environments) {
      const { project, replicas } = context.optionsFor(resolved.environment.name);
      context.report({ code: 'PLACEMENT_SEEN', severity: 'info', message: `check: ${resolved.environment.name} → ${project} × ${replicas}` });
    }
  },
  emit(model, context) {
    return model.environments.map((resolved) => {
      const env = resolved.environment.name;
      const seen = { options: context.optionsFor(env), systemWide: context.options };
      return { path: `${env}.json`, contents: `${JSON.stringify(seen, null, 2)}\n`, sources: [] };
    });
  },
};
