export default function factory() {
  return { id: 'factory', description: 'a function, not a target', emit: () => [] };
}
