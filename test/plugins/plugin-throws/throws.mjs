export default {
  id: 'throws',
  description: 'throws while emitting',
  emit() {
    throw new Error('the cloud is not reachable\nsecond line is not shown');
  },
};
