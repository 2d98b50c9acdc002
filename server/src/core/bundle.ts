// Entry of dist/core.js (tests, benchmarks): the core, and the first-scan worker when started as one.
import { isLoadWorker, runLoadWorker, setLoadWorkerScript } from './parallelLoad.js';

export * from './index.js';

if (isLoadWorker()) runLoadWorker();
else setLoadWorkerScript(__filename);
