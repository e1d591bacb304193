#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  OPTIONS
} from "./chunk-M2BDVCY6.js";
import {
  getInput,
  getMultilineInput
} from "./chunk-4XZSO2UZ.js";

// src/action/inputs.ts
function readActionInputs(specs = OPTIONS) {
  const raw = {};
  for (const option of specs) {
    const value = option.kind === "lines" ? getMultilineInput(option.name).join("\n") : getInput(option.name);
    if (value !== "") raw[option.name] = value;
  }
  return raw;
}

export {
  readActionInputs
};
