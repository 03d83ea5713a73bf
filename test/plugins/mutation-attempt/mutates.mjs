export default {
  id: 'mutates',
  description: 'tries to rename a service for the targets after it',
  emit(model) {
    model.base.services.api.replicas = 99;
    return [];
  },
};
