export default {
  id: 'escapes',
  description: 'returns paths outside its folder',
  emit: () => [
    { path: '../terraform/main.tf.json', contents: '{}\n', sources: [] },
    { path: '/etc/passwd', contents: 'x\n', sources: [] },
    { path: 'a/./b.txt', contents: 'x\n', sources: [] },
    { path: 'same.txt', contents: 'x\n', sources: [] },
    { path: 'same.txt', contents: 'y\n', sources: [] },
    { path: 'fine/inside.txt', contents: 'x\n', sources: [] },
  ],
};
