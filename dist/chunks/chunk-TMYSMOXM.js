#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);

// src/action/state.ts
var STATE = {
  cluster: "cluster",
  clusterDeleted: "cluster-deleted",
  keepCluster: "keep-cluster"
};

export {
  STATE
};
