// Runs after `mutates` and writes what it sees.
export default {
  id: 'observer',
  description: 'writes the replicas it sees',
  emit: (model) => [{ path: 'replicas.txt', contents: `${model.base.services.api.replicas}\n`, sources: ['service.api'] }],
};
