// Still runs and reports although another plugin is missing (here) or throws (../plugin-throws).
export default {
  id: 'reports',
  description: 'reports one warning per service',
  emit(model, context) {
    for (const service of Object.values(model.base.services)) context.report({ code: 'REPORTS_SEEN', message: `saw service "${service.name}"`, span: service.span });
    return [{ path: 'seen.txt', contents: 'seen\n', sources: [] }];
  },
};
