#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);

// src/process/workflow-commands.ts
import { randomUUID } from "node:crypto";
function stopWorkflowCommands(writeLine) {
  const token = randomUUID();
  writeLine(`::stop-commands::${token}`);
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    writeLine(`::${token}::`);
  };
}

export {
  stopWorkflowCommands
};
