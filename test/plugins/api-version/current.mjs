// Names no version: taken to be written for this one, so it runs.
export default { id: 'current', description: 'a plugin for this plugin API', emit: () => [{ path: 'ok.txt', contents: 'ok\n', sources: [] }] };
