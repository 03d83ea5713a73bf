export default { id: 'twin', description: 'the first of two plugins with one id', emit: () => [] };
