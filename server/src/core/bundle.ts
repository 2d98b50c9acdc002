// Entry of dist/core.js (tests, benchmarks): the core, and the first-scan worker when started as one.
import { isLoadWorker, runLoadWorker, setLoadWorkerScript } from './parallelLoad.js';

export * from './index.js';
// Tests check that valid files never need zod (the speed of every first scan depends on it).
export { quickValid } from './facts/quickSchema.js';
// ...and that the CLI cache's skeletons keep what other files depend on.
export { othersKey, ownCross } from './factsShape.js';
export { skeletonOf, factsOfSkeleton, skeletonRange } from './factsSkeleton.js';

if (isLoadWorker()) runLoadWorker();
else setLoadWorkerScript(__filename);
