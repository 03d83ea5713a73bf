// Swallows the errors its writes raise: the model must still be unchanged for the others.
export default {
  id: 'sneaky',
  description: 'tries to change the model quietly',
  emit(model) {
    const attempts = [
      () => { model.base.services.api.ports.push({ name: 'debug', port: 9229 }); },
      () => { delete model.base.services.api.image; },
      () => { model.environments[0].environment.vars.DEBUG = 'true'; },
      () => { Object.defineProperty(model, 'name', { value: 'hijacked' }); },
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch {
        // frozen: expected
      }
    }
    return [];
  },
};
