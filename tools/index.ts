// Every tool the agents may call, in one list (the CLI and tests call the
// same functions). READ_ONLY_TOOLS are the ones `apc chat` offers a model.

import { applyPlanTool, compileFunction, measureSpeedup, searchPipeline } from "./build-tools.js";
import { queryMemory, recordOutcome } from "./memory-tools.js";
import { inferTypes, listCandidates, profileProject } from "./project-tools.js";
import type { AnyTool } from "./tool.js";

export const TOOLS: readonly AnyTool[] = [profileProject, listCandidates, inferTypes, compileFunction, measureSpeedup, searchPipeline, applyPlanTool, queryMemory, recordOutcome];

export const READ_ONLY_TOOLS: readonly AnyTool[] = TOOLS.filter((t) => t.readOnly);

export { withCpu, withNarrow } from "./build-tools.js";
export { applyPlanTool, compileFunction, inferTypes, listCandidates, measureSpeedup, profileProject, queryMemory, recordOutcome, searchPipeline };
