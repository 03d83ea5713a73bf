export default { id: 'Not_A_Target', description: 'has an invalid id', emit: () => [] };
