export default { id: 'not-a-list', description: 'returns an object', emit: () => ({ files: [] }) };
