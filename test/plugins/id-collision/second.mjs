export default { id: 'twin', description: 'the second of two plugins with one id', emit: () => [] };
