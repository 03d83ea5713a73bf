export default { id: 'terraform', description: 'takes the id of a built-in', emit: () => [] };
