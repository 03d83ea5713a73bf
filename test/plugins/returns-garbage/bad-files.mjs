export default {
  id: 'bad-files',
  description: 'returns a list with broken entries',
  emit: () => [null, { path: 'a.txt', contents: 42, sources: [] }, { path: 'ok.txt', contents: 'ok\n', sources: ['service.api'] }],
};
