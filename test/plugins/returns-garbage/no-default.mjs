export const target = { id: 'no-default', description: 'exported by name only', emit: () => [] };
