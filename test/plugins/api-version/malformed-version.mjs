// 0 is not a plugin API version at all: PLUGIN_INVALID, not PLUGIN_API_VERSION.
export default { id: 'malformed', description: 'a plugin with a malformed apiVersion', apiVersion: 0, emit: () => [] };
