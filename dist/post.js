#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  STATE
} from "./chunks/chunk-TMYSMOXM.js";
import {
  PROVIDER_IMPLEMENTATIONS,
  createRunner,
  getState,
  info,
  warning
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/post.ts
async function postStep() {
  const saved = getState(STATE.cluster);
  if (!saved || getState(STATE.clusterDeleted) === "true") return;
  const handle = JSON.parse(saved);
  if (!handle.owned || getState(STATE.keepCluster) === "true") {
    info(`leaving cluster ${handle.name} in place`);
    return;
  }
  info(`deleting cluster ${handle.name} (${handle.provider})`);
  await PROVIDER_IMPLEMENTATIONS[handle.provider].manager.delete(handle, createRunner());
}
async function run() {
  await postStep().catch((error) => warning(`post step: ${error instanceof Error ? error.message : String(error)}`));
}

// src/action/entries/post.ts
await run();
