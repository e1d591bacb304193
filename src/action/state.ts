/** Keys passed from the main step to the post step (saveState / getState). */
export const STATE = {
  cluster: 'cluster',
  clusterDeleted: 'cluster-deleted',
  keepCluster: 'keep-cluster',
} as const;
