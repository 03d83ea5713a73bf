// Written for a plugin API this infragen does not offer yet.
export default { id: 'future', description: 'a plugin for plugin API 2', apiVersion: 2, emit: () => [] };
