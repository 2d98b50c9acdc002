import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isLoadWorker, runLoadWorker, setLoadWorkerScript } from '../core/index.js';
import { startServer } from './server.js';

if (isLoadWorker()) {
  // Started by the first scan as its second thread (this very file: one bundle, no other script).
  runLoadWorker();
} else {
  setLoadWorkerScript(__filename);
  // The transport (--stdio, --node-ipc, --socket=N, --pipe=...) is picked from the command line.
  const connection = createConnection(ProposedFeatures.all);
  // Under --stdio, stdout carries the protocol: anything printed there would corrupt it.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  startServer(connection);
  connection.listen();
}
